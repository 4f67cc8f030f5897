// What the clients saw before the fault and while it was in force, kept apart so the checks can
// hold the two side by side. Times are performance.now() readings.
import type { Histogram } from '../src/sdk/recorders.ts';

export interface WindowTally {
  /** Requests answered inside the window (its throughput). */
  completed: number;
  /** Requests sent and answered inside the window (its latencies). */
  whole: number;
  latencySumMs: number;
}

export interface WindowEdges {
  /** The end of the warm-up (connections open, JIT warm): set by the first answer. */
  warmUntil: number | undefined;
  appliedAt: number | undefined;
  liftedAt: number | undefined;
}

const emptyTally = (): WindowTally => ({ completed: 0, whole: 0, latencySumMs: 0 });

export class FaultWindows {
  readonly before = emptyTally();
  readonly fault = emptyTally();
  private readonly edges: WindowEdges;

  constructor(
    private readonly warmupMs: number,
    private readonly histograms: { before: Histogram; fault: Histogram },
  ) {
    this.edges = { warmUntil: undefined, appliedAt: undefined, liftedAt: undefined };
  }

  get warmUntil(): number | undefined {
    return this.edges.warmUntil;
  }

  get appliedAt(): number | undefined {
    return this.edges.appliedAt;
  }

  get liftedAt(): number | undefined {
    return this.edges.liftedAt;
  }

  applied(at: number): void {
    this.edges.appliedAt ??= at;
  }

  lifted(at: number): void {
    if (this.edges.appliedAt !== undefined) this.edges.liftedAt ??= at;
  }

  /** A request answered: counted in the window it ended in, its latency where it lay whole. */
  observe(startMs: number, endMs: number): void {
    const warmUntil = (this.edges.warmUntil ??= endMs + this.warmupMs);
    const { appliedAt, liftedAt } = this.edges;
    const latency = endMs - startMs;
    const beforeEnd = appliedAt ?? Infinity;
    if (endMs >= warmUntil && endMs < beforeEnd) {
      this.before.completed++;
      if (startMs >= warmUntil) this.add(this.before, latency, this.histograms.before);
    } else if (appliedAt !== undefined && endMs >= appliedAt && endMs < (liftedAt ?? Infinity)) {
      this.fault.completed++;
      if (startMs >= appliedAt) this.add(this.fault, latency, this.histograms.fault);
    }
  }

  /** Window lengths in ms; a window still open ends at `now`. */
  lengths(now: number): { beforeMs: number; faultMs: number } {
    const { warmUntil, appliedAt, liftedAt } = this.edges;
    const beforeEnd = Math.min(appliedAt ?? now, now);
    return {
      beforeMs: warmUntil === undefined ? 0 : Math.max(0, beforeEnd - warmUntil),
      faultMs: appliedAt === undefined ? 0 : Math.max(0, (liftedAt ?? now) - appliedAt),
    };
  }

  private add(tally: WindowTally, latency: number, histogram: Histogram): void {
    tally.whole++;
    tally.latencySumMs += latency;
    histogram.record(latency);
  }
}
