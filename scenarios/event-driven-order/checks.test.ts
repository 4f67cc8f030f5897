// Each check on made-up numbers: it fails when the two sources disagree, and says not applicable,
// never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { eventDrivenOrderChecks } from './checks.ts';
import { ModeLedger } from './ledger.ts';
import type { EventDrivenOrderParams } from './params.ts';

const params: EventDrivenOrderParams = {
  mode: 'dual-write',
  outboxAtSec: 10,
  crashRate: 0.04,
  ordersPerSec: 20,
  instances: 3,
};

/** 200 orders under dual-write with 4 crashes and 6 lost; then 190 under outbox, none lost. */
function consistentFacts(): RunFacts {
  const ledger = new ModeLedger('dual-write', { orders: 0, notified: 0, analytics: 0, crashes: 0 });
  ledger.close({ orders: 200, notified: 194, analytics: 193, crashes: 4 }, true, 'outbox');
  ledger.close({ orders: 390, notified: 384, analytics: 383, crashes: 7 }, true);
  return {
    ...ledger.facts(),
    topicOrderIds: 383,
    topicOrderRecords: 386,
    topicComplete: true,
    analyticsDistinct: 383,
    notifiedDistinct: 384,
    notifiedNotInStore: 0,
    topicNotInStore: 0,
  };
}

function run(
  change: (f: RunFacts) => void = () => undefined,
  p: Partial<EventDrivenOrderParams> = {},
): FinishedRun<EventDrivenOrderParams> {
  const facts = consistentFacts();
  change(facts);
  return { params: { ...params, ...p }, summary: {}, facts, durationMs: 20_000 };
}

const status = (id: string, r: FinishedRun<EventDrivenOrderParams>): string => {
  const check = eventDrivenOrderChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('event-driven-order checks', () => {
  it('pass on consistent numbers', () => {
    for (const c of eventDrivenOrderChecks) expect(status(c.id, run()), c.id).toBe('passed');
  });

  it('the ledger keeps each mode to its own stretches, across switches back and forth', () => {
    const ledger = new ModeLedger('outbox', { orders: 0, notified: 0, analytics: 0, crashes: 0 });
    ledger.close({ orders: 10, notified: 10, analytics: 10, crashes: 1 }, true, 'dual-write');
    ledger.close({ orders: 30, notified: 27, analytics: 28, crashes: 3 }, false, 'outbox');
    ledger.close({ orders: 45, notified: 42, analytics: 43, crashes: 3 }, true);
    expect(ledger.totalsOf('outbox')).toEqual({
      orders: 25,
      notified: 25,
      analytics: 25,
      crashes: 1,
      stretches: 2,
      drained: true,
    });
    expect(ledger.totalsOf('dual-write')).toEqual({
      orders: 20,
      notified: 17,
      analytics: 18,
      crashes: 2,
      stretches: 1,
      drained: false,
    });
  });

  it('dual-write-loses-events fails when a crash lost nothing, and does not apply without crashes', () => {
    // 4 crashes but only 3 orders unnotified: one crash lost no order, which dual-write cannot do.
    expect(
      status(
        'dual-write-loses-events',
        run((f) => (f['dual-write.notified'] = 197)),
      ),
    ).toBe('failed');
    expect(
      status(
        'dual-write-loses-events',
        run((f) => (f['dual-write.analytics'] = 200)),
      ),
    ).toBe('failed');
    expect(
      status(
        'dual-write-loses-events',
        run((f) => (f['dual-write.drained'] = false)),
      ),
    ).toBe('failed');
    expect(
      status(
        'dual-write-loses-events',
        run((f) => (f['dual-write.crashes'] = 0), { crashRate: 0 }),
      ),
    ).toBe('not-applicable');
    expect(
      status(
        'dual-write-loses-events',
        run((f) => (f['dual-write.stretches'] = 0)),
      ),
    ).toBe('not-applicable');
    expect(
      status(
        'dual-write-loses-events',
        run((f) => delete f['dual-write.orders']),
      ),
    ).toBe('failed');
  });

  it('outbox-loses-nothing fails on a single missing notification or analytics event', () => {
    expect(
      status(
        'outbox-loses-nothing',
        run((f) => (f['outbox.notified'] = 189)),
      ),
    ).toBe('failed');
    expect(
      status(
        'outbox-loses-nothing',
        run((f) => (f['outbox.analytics'] = 189)),
      ),
    ).toBe('failed');
    expect(
      status(
        'outbox-loses-nothing',
        run((f) => (f['outbox.notified'] = 191)),
      ),
    ).toBe('failed');
    expect(
      status(
        'outbox-loses-nothing',
        run((f) => (f['outbox.drained'] = false)),
      ),
    ).toBe('failed');
    expect(
      status(
        'outbox-loses-nothing',
        run((f) => (f['outbox.stretches'] = 0)),
      ),
    ).toBe('not-applicable');
    expect(
      status(
        'outbox-loses-nothing',
        run((f) => {
          f['outbox.orders'] = f['outbox.notified'] = f['outbox.analytics'] = 0;
        }),
      ),
    ).toBe('not-applicable');
  });

  it('analytics-read-the-topic fails when analytics counted more or fewer orders than Kafka holds', () => {
    expect(
      status(
        'analytics-read-the-topic',
        run((f) => (f.analyticsDistinct = 382)),
      ),
    ).toBe('failed');
    expect(
      status(
        'analytics-read-the-topic',
        run((f) => (f.analyticsDistinct = 386)),
      ),
    ).toBe('failed');
    expect(
      status(
        'analytics-read-the-topic',
        run((f) => (f.topicComplete = false)),
      ),
    ).toBe('failed');
    expect(
      status(
        'analytics-read-the-topic',
        run((f) => (f.topicOrderIds = f.analyticsDistinct = 0)),
      ),
    ).toBe('not-applicable');
  });

  it('no-event-without-its-order fails when an event names an order the store lacks', () => {
    expect(
      status(
        'no-event-without-its-order',
        run((f) => (f.notifiedNotInStore = 1)),
      ),
    ).toBe('failed');
    expect(
      status(
        'no-event-without-its-order',
        run((f) => (f.topicNotInStore = 2)),
      ),
    ).toBe('failed');
    expect(
      status(
        'no-event-without-its-order',
        run((f) => (f.notifiedDistinct = f.topicOrderIds = 0)),
      ),
    ).toBe('not-applicable');
  });
});
