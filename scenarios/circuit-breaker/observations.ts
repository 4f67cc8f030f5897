// What the clients saw of the gateway's breaker: every answer carries the breaker's state when
// it was sent (`x-breaker-state`) and the gateway's answer sequence number (`x-breaker-seq`), so
// the clients can put the states back in the gateway's order, however the answers interleaved
// on the way back, and count the state changes themselves. The checks hold those counts against
// the transitions the gateway's opossum events counted in its /metrics.

export type BreakerState = 'closed' | 'half-open' | 'open';

export const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

/** The `breakerState` gauge's encoding, as the gateway exports it: 0 closed, 1 half-open, 2 open. */
export const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function stateOfValue(value: number): BreakerState | undefined {
  return BREAKER_STATES.find((s) => STATE_VALUE[s] === value);
}

/** Entries into each state. */
export type TransitionCounts = Record<BreakerState, number>;

export const noTransitions = (): TransitionCounts => ({ closed: 0, 'half-open': 0, open: 0 });

export class BreakerObservations {
  private readonly seen: { seq: number; state: BreakerState }[] = [];
  /** Answers whose headers were missing or malformed. */
  unreadable = 0;

  /** Records one answer's headers (a missing or odd one is counted, not guessed). */
  record(state: string | undefined, seq: string | undefined): void {
    const n = Number(seq);
    if (!BREAKER_STATES.includes(state as BreakerState) || !Number.isSafeInteger(n)) {
      this.unreadable += 1;
      return;
    }
    this.seen.push({ seq: n, state: state as BreakerState });
  }

  get count(): number {
    return this.seen.length;
  }

  /** State changes in the gateway's order, from a breaker that starts closed. */
  transitions(): TransitionCounts {
    const ordered = [...this.seen].sort((a, b) => a.seq - b.seq);
    const counts = noTransitions();
    let current: BreakerState = 'closed';
    for (const { state } of ordered) {
      if (state !== current) counts[state] += 1;
      current = state;
    }
    return counts;
  }
}
