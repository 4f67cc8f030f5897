// When each message was meant to be sent. Latency counted from the intended time, not from the
// moment the producer got round to it, shows a stall: a producer blocked for 500 ms at 1000/s
// owes 500 messages, and each of them is that much late (coordinated omission, Gil Tene's term;
// the idea of wrk2 and of HdrHistogram's `recordValueWithExpectedInterval`).
import { nowMs } from './clock.ts';

export class SendSchedule {
  private sent = 0;
  private readonly intervalMs: number;

  /** `rate` per second for this producer; Infinity: as fast as it can (no schedule to owe). */
  constructor(
    rate: number,
    private readonly startMs: number = nowMs(),
  ) {
    this.intervalMs = Number.isFinite(rate) ? 1000 / rate : 0;
  }

  get paced(): boolean {
    return this.intervalMs > 0;
  }

  /**
   * The next message's intended send time; `wait` is how long to sleep first (0 when behind:
   * a late producer sends at once, and the lateness lands in the latencies).
   */
  next(now = nowMs()): { intendedMs: number; waitMs: number } {
    if (!this.paced) {
      this.sent++;
      return { intendedMs: now, waitMs: 0 };
    }
    const intendedMs = this.startMs + this.sent * this.intervalMs;
    this.sent++;
    return { intendedMs, waitMs: Math.max(0, intendedMs - now) };
  }

  /** Messages scheduled so far. */
  get count(): number {
    return this.sent;
  }
}
