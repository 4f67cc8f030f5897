/**
 * One running total over another within the last `windowMs`, from samples of both: the
 * cumulative ratio is dominated by the cold start, this one shows the cache as it is now.
 */
export class WindowedRatio {
  private readonly samples: { at: number; part: number; whole: number }[] = [];

  constructor(private readonly windowMs: number) {}

  /** Adds a sample of the totals at `at` ms; the ratio since the oldest sample in the window. */
  sample(at: number, part: number, whole: number): number | undefined {
    this.samples.push({ at, part, whole });
    while ((this.samples[1]?.at ?? Infinity) <= at - this.windowMs) this.samples.shift();
    const oldest = this.samples[0] as { part: number; whole: number };
    const wholeDelta = whole - oldest.whole;
    return wholeDelta > 0 ? (part - oldest.part) / wholeDelta : undefined;
  }
}
