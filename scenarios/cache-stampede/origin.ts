// The origin: an in-process "slow database" that takes originLatencyMs to compute a value. It
// counts its own reads and how many run at once, overall and per key, where they happen rather
// than where a reader decided to ask, so the checks can hold them against what Redis answered.
import { setTimeout as delay } from 'node:timers/promises';
import { Counter } from '../src/sdk/recorders.ts';

export interface Computed {
  /** The key's generation: 1 for its first computation, +1 for each one after. */
  gen: number;
}

export class SlowOrigin {
  inFlight = 0;
  /** The most reads at once over the run. */
  inFlightMax = 0;
  /** The most reads of one key at once over the run. */
  keyInFlightMax = 0;
  readonly generations: number[];
  private readonly keyInFlight: number[];
  private peak = 0;

  constructor(
    keys: number,
    private readonly latencyMs: () => number,
    readonly reads: Counter = new Counter(),
  ) {
    this.generations = new Array<number>(keys).fill(0);
    this.keyInFlight = new Array<number>(keys).fill(0);
  }

  /** Computes key `k` (never cut short: a read the origin started, it finishes). */
  async read(k: number): Promise<Computed> {
    this.reads.inc();
    this.inFlight++;
    const forKey = (this.keyInFlight[k] ?? 0) + 1;
    this.keyInFlight[k] = forKey;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlight);
    this.keyInFlightMax = Math.max(this.keyInFlightMax, forKey);
    this.peak = Math.max(this.peak, this.inFlight);
    try {
      const ms = this.latencyMs();
      if (ms > 0) await delay(ms);
    } finally {
      this.inFlight--;
      this.keyInFlight[k] = (this.keyInFlight[k] ?? 1) - 1;
    }
    const gen = (this.generations[k] ?? 0) + 1;
    this.generations[k] = gen;
    return { gen };
  }

  /** The most reads at once since the previous call: a wave shorter than a tick still shows. */
  takePeak(): number {
    const peak = this.peak;
    this.peak = this.inFlight;
    return peak;
  }
}
