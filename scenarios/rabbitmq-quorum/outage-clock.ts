// How long publishing to one queue has failed: from the first failure after a confirm (a nack, a
// closed channel, a refused connection, a queue that does not answer) to the next confirm.
export class OutageClock {
  private totalMs = 0;
  private downSince: number | undefined;
  /** Outages so far (a failure after a confirm, or before the first). */
  outages = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  down(): void {
    if (this.downSince !== undefined) return;
    this.downSince = this.now();
    this.outages++;
  }

  up(): void {
    if (this.downSince === undefined) return;
    this.totalMs += this.now() - this.downSince;
    this.downSince = undefined;
  }

  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  /** Completed outages plus the one going on, if any. */
  get unavailableMs(): number {
    return this.totalMs + (this.downSince === undefined ? 0 : this.now() - this.downSince);
  }
}
