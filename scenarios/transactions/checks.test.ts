// Each check on made-up numbers: it fails when Redis and the workers' tally disagree, and says
// not applicable, never passed, when the strategy promises nothing or nothing moved.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { transactionsChecks } from './checks.ts';
import type { TransactionsParams } from './params.ts';

const params: TransactionsParams = {
  strategy: 'watch',
  accounts: 10,
  initialBalance: 100,
  maxAmount: 30,
  workers: 8,
  transfersPerSec: 400,
  thinkMs: 2,
  seed: 42,
};

/** A consistent watch run: 1500 transfers, Redis holds the 1000 it started with. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
): FinishedRun<TransactionsParams> {
  return {
    params,
    summary: { ops: 1500, declined: 100, retries: 300, lostUpdates: 0, overdrafts: 0, ...summary },
    facts: {
      'ops.naive': 0,
      'ops.watch': 1500,
      'ops.lua': 0,
      'ops.incrby': 0,
      missingKeys: 0,
      redisTotal: 1000,
      accountsOffTally: 0,
      driftFromTally: 0,
      erasedNet: 0,
      belowZeroAccounts: 0,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<TransactionsParams>): string => {
  const check = transactionsChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('transactions checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of transactionsChecks) {
      expect(status(check.id, run()), check.id).toBe('passed');
    }
  });

  it('are not applicable, never passed, when no transfer completed', () => {
    for (const check of transactionsChecks) {
      expect(status(check.id, run({ ops: 0 })), check.id).toBe('not-applicable');
    }
  });

  it('fail when the run ended before Redis was read', () => {
    const bare = { ...run(), facts: { 'ops.watch': 1500 } };
    for (const check of transactionsChecks) expect(status(check.id, bare), check.id).toBe('failed');
  });

  it('total-conserved fails when Redis holds more or less, and does not apply once naive ran', () => {
    expect(status('total-conserved', run({}, { redisTotal: 1001 }))).toBe('failed');
    expect(status('total-conserved', run({}, { redisTotal: 999 }))).toBe('failed');
    expect(status('total-conserved', run({}, { redisTotal: 1200, 'ops.naive': 5 }))).toBe(
      'not-applicable',
    );
  });

  it('balances-match-tally fails on an account or key Redis disagrees on, naive or not', () => {
    expect(status('balances-match-tally', run({}, { accountsOffTally: 1 }))).toBe('failed');
    expect(status('balances-match-tally', run({}, { missingKeys: 1 }))).toBe('failed');
    const naive = { 'ops.naive': 1500, driftFromTally: 400, erasedNet: 120 };
    expect(status('balances-match-tally', run({ lostUpdates: 90 }, naive))).toBe('passed');
    expect(
      status('balances-match-tally', run({ lostUpdates: 90 }, { ...naive, accountsOffTally: 2 })),
    ).toBe('failed');
  });

  it('no-negative-balance fails on an overdrawn account, and does not apply once incrby ran', () => {
    expect(status('no-negative-balance', run({}, { belowZeroAccounts: 1 }))).toBe('failed');
    expect(
      status(
        'no-negative-balance',
        run({ overdrafts: 4 }, { belowZeroAccounts: 2, 'ops.incrby': 9 }),
      ),
    ).toBe('not-applicable');
  });
});
