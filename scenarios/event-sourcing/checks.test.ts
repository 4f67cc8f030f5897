import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { eventSourcingChecks } from './checks.ts';
import { factKeys, sides } from './facts.ts';
import type { EventSourcingParams } from './params.ts';

const params: EventSourcingParams = {
  accounts: 4,
  eventsPerSec: 100,
  partitions: 2,
  rebuildEverySec: 4,
  asOfSecAgo: 2,
  seed: 1,
};

type Side = (typeof sides)[keyof typeof sides];
const describeSide = (
  facts: RunFacts,
  side: Side,
  digest: string,
  balance: number,
  events: number,
): void => {
  facts[side.digest] = digest;
  facts[side.balance] = balance;
  facts[side.events] = events;
  facts[side.accounts] = 4;
};

/** A run where every side agrees; `change` then breaks one thing. */
function finished(
  change: (facts: RunFacts) => void = () => undefined,
  p: Partial<EventSourcingParams> = {},
): FinishedRun<EventSourcingParams> {
  const facts: RunFacts = {
    [factKeys.acked(0)]: 60,
    [factKeys.acked(1)]: 40,
    [factKeys.logEnd(0)]: 60,
    [factKeys.logEnd(1)]: 40,
    liveReachedEnd: true,
    rebuiltComplete: true,
    asOfComplete: true,
    generations: 3,
  };
  for (const side of [sides.ledger, sides.live, sides.rebuilt])
    describeSide(facts, side, 'aaaa', 900, 100);
  for (const side of [sides.asOfLedger, sides.asOfView]) describeSide(facts, side, 'bbbb', 500, 60);
  change(facts);
  return { params: { ...params, ...p }, summary: {}, facts, durationMs: 5000 };
}

const evaluate = (id: string, run: FinishedRun<EventSourcingParams>): string => {
  const check = eventSourcingChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('event-sourcing checks', () => {
  it('pass when every side agrees', () => {
    for (const c of eventSourcingChecks) expect(evaluate(c.id, finished()), c.id).toBe('passed');
  });

  it('log-holds-every-event fails when a partition holds other than what was acknowledged', () => {
    expect(
      evaluate(
        'log-holds-every-event',
        finished((f) => (f[factKeys.logEnd(1)] = 39)),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'log-holds-every-event',
        finished((f) => delete f[factKeys.acked(0)]),
      ),
    ).toBe('failed');
  });

  it('rebuild-equals-ledger fails on different balances or an unfinished replay', () => {
    const other = finished((f) => {
      f[sides.rebuilt.digest] = 'cccc';
      f['difference.rebuiltLedger'] = 'acct-002.balance: replay 10, ledger 20';
    });
    expect(evaluate('rebuild-equals-ledger', other)).toBe('failed');
    expect(
      evaluate(
        'rebuild-equals-ledger',
        finished((f) => (f.rebuiltComplete = false)),
      ),
    ).toBe('failed');
  });

  it('live-view-equals-rebuild fails when the live view differs or never caught up', () => {
    expect(
      evaluate(
        'live-view-equals-rebuild',
        finished((f) => (f[sides.live.digest] = 'cccc')),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'live-view-equals-rebuild',
        finished((f) => (f.liveReachedEnd = false)),
      ),
    ).toBe('failed');
  });

  it('as-of-equals-ledger-then fails on a different past, and does not apply when not asked', () => {
    expect(
      evaluate(
        'as-of-equals-ledger-then',
        finished((f) => (f[sides.asOfView.digest] = 'cccc')),
      ),
    ).toBe('failed');
    expect(
      evaluate(
        'as-of-equals-ledger-then',
        finished((f) => delete f[sides.asOfView.digest]),
      ),
    ).toBe('failed');
    expect(evaluate('as-of-equals-ledger-then', finished(undefined, { asOfSecAgo: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('do not apply when nothing was written', () => {
    const empty = finished((f) => {
      for (const side of Object.values(sides)) {
        f[side.events] = 0;
        f[side.balance] = 0;
      }
      for (const n of [0, 1]) f[factKeys.acked(n)] = f[factKeys.logEnd(n)] = 0;
    });
    for (const c of eventSourcingChecks) expect(evaluate(c.id, empty), c.id).toBe('not-applicable');
  });
});
