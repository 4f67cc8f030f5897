// The two halves of RESP the load driver needs. Commands are encoded once, up front, so the hot
// loop only writes Buffers it already has. Replies are counted rather than parsed: a load loop
// of SET and GET only needs to know when a batch's replies are all in and whether any was an
// error, and a full parser (redis-parser, which ioredis uses) builds a string or Buffer for every
// reply, which is the per-operation allocation this driver exists to avoid. The counter accepts
// exactly the reply shapes those commands (and AUTH, SELECT, DEL) produce: +simple, -error,
// :integer, $bulk and $-1; anything else is a protocol error, never silently skipped.

/** A command that Redis answered with an error reply (`-WRONGTYPE ...`, `-OOM ...`). */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
  constructor(
    message: string,
    /** How many error replies the batch that raised this held. */
    readonly count = 1,
  ) {
    super(message);
  }
}

/** The byte stream was not the reply shapes the counter knows: a bug or a wrong server. */
export class RedisProtocolError extends Error {
  override readonly name = 'RedisProtocolError';
}

export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
const CR = 13;
const LF = 10;
const PLUS = 43; // '+'
const MINUS = 45; // '-', also the sign in `$-1`
const COLON = 58; // ':'
const DOLLAR = 36; // '$'
const ZERO = 48;
const NINE = 57;

// Where the counter is in the stream; a reply may be split across any number of reads.
const AT_TYPE = 0;
const IN_LINE = 1;
const IN_ERROR = 2;
const IN_LENGTH = 3;
const IN_BODY = 4;

export class ReplyCounter {
  /** Complete replies seen, error replies included. */
  replies = 0;
  /** Error replies seen. */
  errors = 0;
  /** The text of the first error reply since the last `takeError()`. */
  firstError: string | undefined;

  private state = AT_TYPE;
  private length = 0;
  private negative = false;
  private remaining = 0;
  // Only error replies build a string: they are rare and must carry Redis's words.
  private errorText = '';

  /** Counts the replies in `buf[0, end)`, continuing any reply a previous read left open. */
  feed(buf: Buffer, end = buf.length): void {
    let i = 0;
    let state = this.state;
    while (i < end) {
      if (state === AT_TYPE) {
        const type = buf[i++];
        if (type === PLUS || type === COLON) state = IN_LINE;
        else if (type === DOLLAR) {
          state = IN_LENGTH;
          this.length = 0;
          this.negative = false;
        } else if (type === MINUS) {
          state = IN_ERROR;
          this.errorText = '';
        } else {
          this.state = AT_TYPE;
          throw new RedisProtocolError(
            `unexpected RESP reply type byte ${String(type)} (${JSON.stringify(String.fromCharCode(type ?? 0))})`,
          );
        }
      } else if (state === IN_LINE) {
        while (i < end && buf[i] !== LF) i++;
        if (i < end) {
          i++;
          this.replies++;
          state = AT_TYPE;
        }
      } else if (state === IN_BODY) {
        const take = Math.min(this.remaining, end - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) {
          this.replies++;
          state = AT_TYPE;
        }
      } else if (state === IN_LENGTH) {
        let length = this.length;
        for (; i < end; i++) {
          const c = buf[i]!;
          if (c === LF) break;
          if (c >= ZERO && c <= NINE) length = length * 10 + (c - ZERO);
          else if (c === MINUS) this.negative = true;
          else if (c !== CR) {
            this.state = AT_TYPE;
            throw new RedisProtocolError(`unexpected byte ${c} in a bulk length`);
          }
        }
        this.length = length;
        if (i < end) {
          i++;
          if (this.negative) {
            // $-1: a nil bulk, what GET answers for a missing key.
            this.replies++;
            state = AT_TYPE;
          } else {
            this.remaining = length + 2;
            state = IN_BODY;
          }
        }
      } else {
        const start = i;
        while (i < end && buf[i] !== LF) i++;
        this.errorText += buf.toString('latin1', start, i);
        if (i < end) {
          i++;
          this.errors++;
          this.replies++;
          this.firstError ??= this.errorText.replace(/\r$/, '');
          state = AT_TYPE;
        }
      }
    }
    this.state = state;
  }

  /** True when no reply is half read. */
  get idle(): boolean {
    return this.state === AT_TYPE;
  }

  takeError(): string | undefined {
    const message = this.firstError;
    this.firstError = undefined;
    return message;
  }
}
