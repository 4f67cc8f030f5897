// Broker clients report trouble as 'error' events, often outside any await of ours (a channel
// closed by the server mid-run). The latch keeps the first such error so the run can stop its
// loops, tear down what it opened, and then fail with that reason.

export class FailureLatch {
  error: Error | undefined;
  /** Resolves (to false, for use in a loop condition race) when the first failure arrives. */
  readonly failed: Promise<false>;
  private resolveFailed!: (value: false) => void;

  constructor() {
    this.failed = new Promise((resolve) => {
      this.resolveFailed = resolve;
    });
  }

  fail(error: unknown): void {
    if (this.error !== undefined) return;
    this.error = error instanceof Error ? error : new Error(String(error));
    this.resolveFailed(false);
  }

  /** Rethrows the first failure, if any. */
  check(): void {
    if (this.error !== undefined) throw this.error;
  }
}
