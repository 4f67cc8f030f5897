// The bank's own books (the command side): it decides each event against the balances it knows,
// and keeps every event Kafka acknowledged, by timestamp, so it can say what any balance was at
// any moment of the last minute. A source independent of every read of the log.
import type { Tally } from '../src/sdk/kafka/index.ts';
import { applyEvent } from './events.ts';
import type { AccountEvent } from './events.ts';

// As-of questions reach at most a minute back (asOfSecAgo ≤ 60); older events are folded into a
// base tally so a long run keeps bounded memory.
const HISTORY_MS = 65_000;

interface Stamped {
  timestamp: number;
  event: AccountEvent;
}

export class Ledger {
  /** Every acknowledged event applied: the bank's balances now. */
  readonly current: Tally = new Map();
  private readonly base: Tally = new Map();
  private baseBefore = Number.NEGATIVE_INFINITY;
  private recent: Stamped[] = [];

  /** Kafka acknowledged `event`, written with `timestamp`. Called in the order they were sent. */
  acknowledged(event: AccountEvent, timestamp: number): void {
    applyEvent(this.current, event);
    this.recent.push({ timestamp, event });
    if (
      this.recent.length > 4096 &&
      timestamp - (this.recent[0]?.timestamp ?? timestamp) > HISTORY_MS
    ) {
      const cut = timestamp - HISTORY_MS;
      const keep = this.recent.findIndex((e) => e.timestamp >= cut);
      for (const e of this.recent.slice(0, keep)) applyEvent(this.base, e.event);
      this.recent = this.recent.slice(keep);
      this.baseBefore = cut;
    }
  }

  /** Balances from the events written before `timestamp`; undefined if that is too far back. */
  asOf(timestamp: number): Tally | undefined {
    if (timestamp < this.baseBefore) return undefined;
    const tally: Tally = new Map(this.base);
    for (const e of this.recent) {
      if (e.timestamp >= timestamp) break;
      applyEvent(tally, e.event);
    }
    return tally;
  }
}
