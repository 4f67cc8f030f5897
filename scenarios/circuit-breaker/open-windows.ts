// Where the breaker was open, as the run's poller saw it, and what product-service received
// meanwhile. Every 250 ms the poller reads the gateway's breaker (state and transition counters)
// and product-service's count of requests received, side by side. A stretch between two reads
// counts as open only when both reads say open and no transition was counted in between: the
// breaker was open throughout, so product-service should have received (next to) nothing.

import type { BreakerState } from './observations.ts';

export interface PollSample {
  /** ms since the run started, when the two reads were sent. */
  atMs: number;
  state: BreakerState;
  /** Every transition the gateway had counted so far (any direction). */
  transitions: number;
  /** Requests product-service had received so far (its own count). */
  received: number;
}

export interface OpenStretch {
  fromMs: number;
  toMs: number;
  received: number;
}

export class OpenWindows {
  private last: PollSample | undefined;
  readonly stretches: OpenStretch[] = [];

  add(sample: PollSample): void {
    const last = this.last;
    this.last = sample;
    if (last === undefined) return;
    if (last.state !== 'open' || sample.state !== 'open') return;
    if (sample.transitions !== last.transitions) return;
    this.stretches.push({
      fromMs: last.atMs,
      toMs: sample.atMs,
      received: Math.max(0, sample.received - last.received),
    });
  }

  get openMs(): number {
    return this.stretches.reduce((sum, s) => sum + (s.toMs - s.fromMs), 0);
  }

  get receivedWhileOpen(): number {
    return this.stretches.reduce((sum, s) => sum + s.received, 0);
  }

  /** How many of `times` (ms since the start, ascending or not) fall in an open stretch. */
  countInside(times: readonly number[]): number {
    let n = 0;
    for (const t of times) {
      if (this.stretches.some((s) => t >= s.fromMs && t < s.toMs)) n += 1;
    }
    return n;
  }
}
