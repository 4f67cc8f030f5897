// A lean Redis connection for the lab's Redis targets: commands encoded straight into one Buffer
// per batch, replies read by a small RESP2 parser, and nothing per command beyond that. Measured
// here, ioredis's pipelines of XADD reach ~0.2× of redis-benchmark's (its per-command objects
// and promises are the cost); this is the load generator the brief asks not to be the
// bottleneck. The bench's counter (playground-server/bench/redis-load/resp.ts) only counts
// replies; XREADGROUP and pub/sub pushes are nested arrays that must be read, hence this reader.
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export type RespValue = Buffer | number | null | RespError | RespValue[];

/** Redis answered with an error reply (`-WRONGTYPE …`). */
export class RespError extends Error {
  override readonly name = 'RespError';
}

const CRLF = Buffer.from('\r\n');

/** `*n $len arg …` for one command. */
export function encodeCommand(args: readonly (string | Buffer | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/**
 * Many commands that end in one Buffer argument each (XADD …, PUBLISH …): the fixed head is
 * encoded once, and a batch is copied into one Buffer with no per-command allocation.
 */
export class BatchEncoder {
  private readonly head: Buffer;

  /** `fixed` are every argument but the last, which each command gives as a Buffer. */
  constructor(fixed: readonly (string | Buffer)[]) {
    const whole = encodeCommand([...fixed, '']);
    // Drop the trailing `$0\r\n\r\n` of the empty last argument.
    this.head = whole.subarray(0, whole.length - 6);
  }

  /** One Buffer holding a command per value. */
  encode(values: readonly Buffer[]): Buffer {
    let size = 0;
    for (const v of values) size += this.head.length + 1 + digits(v.length) + 2 + v.length + 2;
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const v of values) {
      at += this.head.copy(out, at);
      out[at++] = 0x24; // '$'
      at += out.write(String(v.length), at, 'latin1');
      out[at++] = 13;
      out[at++] = 10;
      at += v.copy(out, at);
      out[at++] = 13;
      out[at++] = 10;
    }
    return out;
  }
}

const digits = (n: number): number => (n < 10 ? 1 : Math.floor(Math.log10(n)) + 1);

/** An array whose elements are still arriving. */
interface OpenArray {
  items: RespValue[];
  filled: number;
}

/**
 * Parses RESP2 replies from a byte stream cut anywhere; hands each complete one to `onReply`.
 * Resumable: a reply of a thousand entries spread over many reads is parsed once, element by
 * element (the arrays still open are kept on a stack), and only the element cut by a read's end
 * waits for the next one — re-parsing whole replies from their start made large XREADGROUP
 * replies quadratic.
 */
export class RespReader {
  private readonly open: OpenArray[] = [];
  /** Bytes of an element cut by the end of a read. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** How many bytes the held element needs before it can be parsed (0: unknown, try each read). */
  private need = 0;

  constructor(private readonly onReply: (value: RespValue) => void) {}

  feed(chunk: Buffer): void {
    if (this.held.length > 0) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      if (this.heldBytes < this.need) return;
      chunk = Buffer.concat(this.held, this.heldBytes);
      this.held = [];
      this.heldBytes = 0;
    }
    this.need = 0;
    const buf = chunk;
    let at = 0;
    while (at < buf.length) {
      const type = buf[at];
      const cr = buf.indexOf(13, at + 1);
      if (cr < 0 || cr + 1 >= buf.length) break;
      const text = buf.toString('latin1', at + 1, cr);
      const body = cr + 2;
      if (type === 0x24) {
        // '$': a bulk string, or nil
        const length = Number(text);
        if (length < 0) {
          at = body;
          this.element(null);
          continue;
        }
        if (body + length + 2 > buf.length) {
          this.need = body + length + 2 - at;
          break;
        }
        at = body + length + 2;
        this.element(buf.subarray(body, body + length));
      } else if (type === 0x2a) {
        // '*': an array, or nil
        const count = Number(text);
        at = body;
        if (count < 0) this.element(null);
        else if (count === 0) this.element([]);
        else this.open.push({ items: new Array<RespValue>(count), filled: 0 });
      } else {
        at = body;
        if (type === 0x2b) this.element(Buffer.from(text, 'latin1'));
        else if (type === 0x2d) this.element(new RespError(text));
        else if (type === 0x3a) this.element(Number(text));
        else throw new RespError(`not RESP2: reply type byte ${String(type)}`);
      }
    }
    if (at < buf.length) {
      const rest = buf.subarray(at);
      this.held = [rest];
      this.heldBytes = rest.length;
    }
  }

  /** A complete element: into the innermost open array, or out as a reply. */
  private element(value: RespValue): void {
    let done = value;
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (top === undefined) {
        this.onReply(done);
        return;
      }
      top.items[top.filled++] = done;
      if (top.filled < top.items.length) return;
      this.open.pop();
      done = top.items;
    }
  }
}

interface Pending {
  /** Replies still to come for this request. */
  remaining: number;
  /** Only single-command requests keep their reply. */
  reply: RespValue;
  error: RespError | undefined;
  resolve: (value: RespValue) => void;
  reject: (error: Error) => void;
}

export interface RespConnectionOptions {
  url: string;
  /** CLIENT SETNAME: the run's id shows in CLIENT LIST. */
  name: string;
  connectTimeoutMs?: number;
}

/**
 * One socket; requests answered in order. A request is one command (`call`) or a pre-encoded
 * batch of `count` commands (`pipeline`). In subscriber mode every reply is a push for `onPush`.
 */
export class RespConnection {
  private readonly pending: Pending[] = [];
  private head = 0;
  private readonly reader: RespReader;
  private failure: Error | undefined;
  /** Set by a subscriber: every reply goes here instead of to a request. */
  onPush: ((value: RespValue) => void) | undefined;
  /** Called once when the connection is lost (not when closed by `close`). */
  onLost: ((error: Error) => void) | undefined;
  private closing = false;

  private constructor(private readonly socket: Socket) {
    this.reader = new RespReader((value) => this.onReply(value));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.feed(chunk);
      } catch (error) {
        this.fail(error as Error);
      }
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('Redis closed the connection')));
  }

  static async open(options: RespConnectionOptions): Promise<RespConnection> {
    const u = new URL(options.url);
    const socket = connect({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: Number(u.port || 6379),
      noDelay: true,
    });
    await new Promise<void>((resolve, reject) => {
      const ms = options.connectTimeoutMs ?? 3_000;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to Redis within ${ms} ms`));
      }, ms);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const connection = new RespConnection(socket);
    try {
      if (u.password !== '') {
        const password = decodeURIComponent(u.password);
        const user = decodeURIComponent(u.username);
        await connection.call(user === '' ? ['AUTH', password] : ['AUTH', user, password]);
      }
      const db = u.pathname.replace(/^\//, '');
      if (db !== '' && db !== '0') await connection.call(['SELECT', db]);
      await connection.call(['CLIENT', 'SETNAME', options.name]);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  /** One command; resolves with its reply, rejects on an error reply. */
  call(args: readonly (string | Buffer | number)[]): Promise<RespValue> {
    return this.request(encodeCommand(args), 1);
  }

  /**
   * `count` commands already encoded in `bytes`; resolves with the last reply, rejects with the
   * first error reply.
   */
  pipeline(bytes: Buffer, count: number): Promise<RespValue> {
    return this.request(bytes, count);
  }

  /** Bytes with no reply expected (CLIENT REPLY OFF): resolves once written to the socket. */
  write(bytes: Buffer): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Stops reading the socket: what Redis sends next waits in its output buffer for this client. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private request(bytes: Buffer, count: number): Promise<RespValue> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ remaining: count, reply: null, error: undefined, resolve, reject });
      this.socket.write(bytes);
    });
  }

  private onReply(value: RespValue): void {
    if (this.onPush !== undefined) {
      this.onPush(value);
      return;
    }
    const request = this.pending[this.head];
    if (request === undefined) {
      this.fail(new Error('Redis sent a reply no command asked for'));
      return;
    }
    if (value instanceof RespError) request.error ??= value;
    request.reply = value;
    if (--request.remaining > 0) return;
    this.head++;
    // Compact now and then, so the queue does not shift on every reply.
    if (this.head > 1024) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    if (request.error !== undefined) request.reject(request.error);
    else request.resolve(request.reply);
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.socket.destroy();
    const waiting = this.pending.splice(this.head);
    this.pending.length = 0;
    this.head = 0;
    for (const request of waiting) request.reject(error);
    if (!this.closing) this.onLost?.(error);
  }
}
