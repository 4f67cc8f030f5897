// Spots a TTL expiry wave: entries cached together expire together, and the origin suddenly
// sees a jump in reads long after the cache had warmed up.

export interface ExpiryWave {
  rate: number;
  baseline: number;
}

export class ExpiryWaveDetector {
  private readonly recent: Float64Array;
  private samples = 0;
  private lastWaveAt = Number.NEGATIVE_INFINITY;

  /**
   * @param history how many earlier samples make the baseline (their mean), so a wave is
   *   judged against the level of the last few seconds rather than the cold start
   * @param minGapMs at most one wave per this many milliseconds
   */
  constructor(
    history: number,
    private readonly minGapMs: number,
  ) {
    this.recent = new Float64Array(history);
  }

  /**
   * Feeds the origin read rate seen over the last interval. Returns the wave when the rate at
   * least doubled against the baseline, and by at least `minJump`, no sooner than `earliestMs`
   * (nothing can expire before one TTL has passed).
   */
  sample(rate: number, atMs: number, earliestMs: number, minJump: number): ExpiryWave | undefined {
    const history = this.recent.length;
    let baseline = 0;
    for (let i = 0; i < history; i++) baseline += this.recent[i] ?? 0;
    baseline /= history;
    const full = this.samples >= history;
    this.recent[this.samples % history] = rate;
    this.samples++;
    if (!full || atMs < earliestMs || atMs - this.lastWaveAt < this.minGapMs) return undefined;
    if (rate < 2 * baseline || rate - baseline < minJump) return undefined;
    this.lastWaveAt = atMs;
    return { rate, baseline };
  }
}
