// Which batch each job belongs to, and when a batch's last job is done: the time a batch takes
// is what a user of the work queue feels ("the report is ready"), and it is set by the worker
// that finishes last.

interface Batch {
  firstSeq: number;
  remaining: number;
  startedAt: number;
}

export interface BatchDone {
  index: number;
  jobs: number;
  ms: number;
}

export class BatchTracker {
  private readonly batches: Batch[] = [];
  private readonly sizes: number[] = [];

  /** A batch of `jobs` numbered from `firstSeq` was published at `at` (performance.now()). */
  open(firstSeq: number, jobs: number, at: number): void {
    if (jobs <= 0) return;
    this.batches.push({ firstSeq, remaining: jobs, startedAt: at });
    this.sizes.push(jobs);
  }

  /** Job `seq` is done; returns the batch it completes, if it is that batch's last. */
  done(seq: number, at: number): BatchDone | undefined {
    const index = this.indexOf(seq);
    const batch = this.batches[index];
    if (batch === undefined || batch.remaining <= 0) return undefined;
    batch.remaining--;
    if (batch.remaining > 0) return undefined;
    return { index, jobs: this.sizes[index] ?? 0, ms: at - batch.startedAt };
  }

  get opened(): number {
    return this.batches.length;
  }

  /** The last batch whose first job is at or before `seq` (batches are contiguous ranges). */
  private indexOf(seq: number): number {
    let lo = 0;
    let hi = this.batches.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.batches[mid]?.firstSeq ?? Infinity) <= seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
