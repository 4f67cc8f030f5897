// The storage the lock guards: a counter the holders read and write back plus one, in process,
// with its own log of every request it accepted or refused. It is the independent witness the
// checks hold the clients' counts against. With fencing it remembers the highest token any
// request carried and refuses an older one (reads too, so a newer holder's read is protected
// from an older holder's late write); without fencing it accepts everything, and its log still
// says which accepted writes carried an old token and how many increments they erased.

export interface LogEntry {
  op: 'read' | 'write';
  client: number;
  token: number;
  accepted: boolean;
  /** For a write: the value before and after it, and the increments it erased. */
  before?: number;
  after?: number;
  erased?: number;
}

export interface StorageTotals {
  acceptedWrites: number;
  refusedWrites: number;
  refusedReads: number;
  /** Accepted writes with a token older than one the storage had already seen. */
  staleAccepted: number;
  /**
   * Increments lost, net: Σ (value before − value read) over accepted writes, so value =
   * accepted − erased. A write after a late one can give some back (a negative term).
   */
  erased: number;
}

const MAX_LOG = 100_000;

export class FencedStorage {
  value = 0;
  private highestToken = 0;
  readonly log: LogEntry[] = [];
  readonly totals: StorageTotals = {
    acceptedWrites: 0,
    refusedWrites: 0,
    refusedReads: 0,
    staleAccepted: 0,
    erased: 0,
  };

  constructor(readonly fencing: boolean) {}

  /** The value, or undefined when fencing refuses the token. */
  read(client: number, token: number): number | undefined {
    if (this.refuses(token)) {
      this.totals.refusedReads++;
      this.append({ op: 'read', client, token, accepted: false });
      return undefined;
    }
    this.highestToken = Math.max(this.highestToken, token);
    this.append({ op: 'read', client, token, accepted: true });
    return this.value;
  }

  /** Writes `read + 1`, where `read` is what this holder read; false when refused. */
  increment(client: number, token: number, read: number): boolean {
    if (this.refuses(token)) {
      this.totals.refusedWrites++;
      this.append({ op: 'write', client, token, accepted: false });
      return false;
    }
    if (token < this.highestToken) this.totals.staleAccepted++;
    this.highestToken = Math.max(this.highestToken, token);
    // Whatever was added since this holder read is overwritten by its read + 1.
    const erased = this.value - read;
    this.totals.acceptedWrites++;
    this.totals.erased += erased;
    const after = read + 1;
    this.append({ op: 'write', client, token, accepted: true, before: this.value, after, erased });
    this.value = after;
    return true;
  }

  private refuses(token: number): boolean {
    return this.fencing && token < this.highestToken;
  }

  private append(entry: LogEntry): void {
    if (this.log.length < MAX_LOG) this.log.push(entry);
  }
}
