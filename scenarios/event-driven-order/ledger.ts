// What each mode's stretches of the run added up to. The run pauses the orders at every change of
// mode until what was on its way has arrived (the drain), reads the counts, and starts the next
// stretch from there: so the orders, notifications and analytics events of one mode are never
// mixed with the other's, though a run may switch back and forth.
import type { RunFacts } from '../src/sdk/contract.ts';
import type { OrderMode } from './params.ts';

/** The run's counts at one moment, each from its own source. */
export interface Reading {
  /** Orders in the store (Redis, written by product-service). */
  orders: number;
  /** Distinct order ids notification-service notified. */
  notified: number;
  /** Distinct order ids analytics-service counted. */
  analytics: number;
  /** product-service exits the run saw (and restarted). */
  crashes: number;
}

export interface ModeTotals extends Reading {
  stretches: number;
  /** Every stretch of this mode ended with its pipeline drained. */
  drained: boolean;
}

export const factKey = (mode: OrderMode, field: keyof ModeTotals): string => `${mode}.${field}`;

const empty = (): ModeTotals => ({
  orders: 0,
  notified: 0,
  analytics: 0,
  crashes: 0,
  stretches: 0,
  drained: true,
});

export class ModeLedger {
  private readonly totals: Record<OrderMode, ModeTotals> = {
    'dual-write': empty(),
    outbox: empty(),
  };
  private open: { mode: OrderMode; from: Reading } | undefined;

  constructor(mode: OrderMode, from: Reading) {
    this.open = { mode, from };
  }

  get mode(): OrderMode | undefined {
    return this.open?.mode;
  }

  /** What the open stretch has added up to by `at`. */
  stretchAt(at: Reading): Reading | undefined {
    const from = this.open?.from;
    if (from === undefined) return undefined;
    return {
      orders: at.orders - from.orders,
      notified: at.notified - from.notified,
      analytics: at.analytics - from.analytics,
      crashes: at.crashes - from.crashes,
    };
  }

  /** Ends the stretch at `at` (read after the drain) and, unless `next` is undefined, opens one. */
  close(at: Reading, drained: boolean, next?: OrderMode): void {
    const stretch = this.open;
    if (stretch !== undefined) {
      const t = this.totals[stretch.mode];
      t.orders += at.orders - stretch.from.orders;
      t.notified += at.notified - stretch.from.notified;
      t.analytics += at.analytics - stretch.from.analytics;
      t.crashes += at.crashes - stretch.from.crashes;
      t.stretches++;
      t.drained &&= drained;
    }
    this.open = next === undefined ? undefined : { mode: next, from: at };
  }

  totalsOf(mode: OrderMode): ModeTotals {
    return { ...this.totals[mode] };
  }

  facts(): RunFacts {
    const facts: RunFacts = {};
    for (const mode of ['dual-write', 'outbox'] as const) {
      const t = this.totals[mode];
      for (const field of Object.keys(t) as (keyof ModeTotals)[])
        facts[factKey(mode, field)] = t[field];
    }
    return facts;
  }
}

/** A mode's totals from the run's facts; undefined when the run ended before they were recorded. */
export function totalsFromFacts(facts: RunFacts, mode: OrderMode): ModeTotals | undefined {
  const num = (field: keyof ModeTotals): number | undefined => {
    const v = facts[factKey(mode, field)];
    return typeof v === 'number' ? v : undefined;
  };
  const orders = num('orders');
  const notified = num('notified');
  const analytics = num('analytics');
  const crashes = num('crashes');
  const stretches = num('stretches');
  const drained = facts[factKey(mode, 'drained')];
  if (
    orders === undefined ||
    notified === undefined ||
    analytics === undefined ||
    crashes === undefined ||
    stretches === undefined ||
    typeof drained !== 'boolean'
  ) {
    return undefined;
  }
  return { orders, notified, analytics, crashes, stretches, drained };
}
