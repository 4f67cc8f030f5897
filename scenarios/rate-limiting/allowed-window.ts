// The timestamps one limiter allowed for one client within the last window, as a ring buffer,
// so the most requests that fit in any window of length W is tracked as requests come in,
// with no allocation once the buffer has grown to its working size.

export class AllowedWindow {
  private times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    private readonly windowMs: number,
    initialCapacity: number,
  ) {
    this.times = new Float64Array(Math.max(2, initialCapacity));
  }

  /**
   * Records an allowed request at `t` (never earlier than any earlier call's) and returns how
   * many allowed requests fall in the window (t − W, t], this one included. The largest such
   * count over all requests is the most that any window of length W ever held.
   */
  add(t: number): number {
    this.evictUpTo(t - this.windowMs);
    if (this.size === this.times.length) this.grow();
    this.times[(this.head + this.size) % this.times.length] = t;
    this.size++;
    return this.size;
  }

  /** How many allowed requests fall in the window (t − W, t], without adding one. */
  countAt(t: number): number {
    this.evictUpTo(t - this.windowMs);
    return this.size;
  }

  /** How many of the remembered allowed requests are later than `t`. */
  countAfter(t: number): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if ((this.times[(this.head + i) % this.times.length] ?? 0) > t) n++;
    }
    return n;
  }

  /** The latest allowed request still remembered, if any. */
  last(): number | undefined {
    return this.size === 0
      ? undefined
      : this.times[(this.head + this.size - 1) % this.times.length];
  }

  private evictUpTo(cutoff: number): void {
    const capacity = this.times.length;
    while (this.size > 0 && (this.times[this.head] ?? 0) <= cutoff) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
  }

  private grow(): void {
    const bigger = new Float64Array(this.times.length * 2);
    for (let i = 0; i < this.size; i++) {
      bigger[i] = this.times[(this.head + i) % this.times.length] ?? 0;
    }
    this.times = bigger;
    this.head = 0;
  }
}
