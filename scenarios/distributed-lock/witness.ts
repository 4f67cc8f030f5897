// What the clients believe, kept in one place because they all run in this process: who thinks
// it holds the lock right now, and the newest fencing token any of them has been granted. A
// grant while someone else still believes is an overlap; a write with a token older than the
// newest grant is stale. Both are the clients' view, independent of the storage's log.

export class LockWitness {
  private readonly believers = new Map<number, number>();
  newestToken = 0;

  /** Records a grant; returns the clients (and their tokens) that still believe they hold. */
  granted(client: number, token: number): [number, number][] {
    const others = [...this.believers];
    this.believers.set(client, token);
    this.newestToken = Math.max(this.newestToken, token);
    return others;
  }

  finished(client: number): void {
    this.believers.delete(client);
  }

  get holders(): number {
    return this.believers.size;
  }

  /** A write with this token comes after a newer grant. */
  isStale(token: number): boolean {
    return token < this.newestToken;
  }
}
