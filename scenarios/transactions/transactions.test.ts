// Four short runs side by side on the live Redis, one per strategy; the naive one switches to
// lua halfway, live.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView, Run } from '../src/testing/index.ts';
import type { Strategy, TransactionsParams } from './params.ts';
import transactions from './scenario.ts';

const DURATION_SEC = 4;
const SWITCH_AT_MS = 2000;
const base: Partial<TransactionsParams> = {
  accounts: 10,
  workers: 8,
  transfersPerSec: 400,
  thinkMs: 2,
};

const run = (
  strategy: Strategy,
  extra: Partial<TransactionsParams> = {},
  onStart?: (r: Run) => void,
): Promise<FinishedRunView> =>
  runScenario(transactions, {
    params: { ...base, strategy, ...extra },
    durationSec: DURATION_SEC,
    ...(onStart === undefined ? {} : { onStart }),
  });

describe('transactions on the live Redis', () => {
  let naive: FinishedRunView;
  let watch: FinishedRunView;
  let lua: FinishedRunView;
  let incrby: FinishedRunView;

  beforeAll(async () => {
    [naive, watch, lua, incrby] = await Promise.all([
      run('naive', {}, (r) => {
        setTimeout(() => r.updateParams({ strategy: 'lua' }), SWITCH_AT_MS);
      }),
      run('watch'),
      run('lua'),
      // Small balances against large amounts: checks that go out of date overdraw.
      run('incrby', { initialBalance: 30, maxAmount: 30, thinkMs: 5 }),
    ]);
  }, 30_000);

  it('completes every run, with no check failed', () => {
    for (const r of [naive, watch, lua, incrby]) {
      expect(r.state, r.error).toBe('completed');
      for (const check of r.checks) {
        expect(check.status, `${r.params.strategy} ${check.id}: ${check.detail}`).not.toBe(
          'failed',
        );
      }
      expect(checkOf(r, 'balances-match-tally').status).toBe('passed');
    }
  });

  it('naive loses updates, and Redis ends away from the tally by what they erased', () => {
    expect(summaryOf(naive, 'lostUpdates')).toBeGreaterThan(20);
    expect(Number(naive.facts.driftFromTally)).toBeGreaterThan(0);
    expect(Number(naive.facts.redisTotal)).toBe(1000 + Number(naive.facts.erasedNet));
    expect(checkOf(naive, 'total-conserved').status).toBe('not-applicable');
  });

  it('stops losing updates from the moment the strategy changes to lua', () => {
    expect(rateBetween(naive, 'lostUpdates', 0, SWITCH_AT_MS)).toBeGreaterThan(10);
    expect(rateBetween(naive, 'lostUpdates', SWITCH_AT_MS + 500, DURATION_SEC * 1000)).toBe(0);
    expect(Number(naive.facts['ops.lua'])).toBeGreaterThan(200);
  });

  it('watch loses nothing and pays in retries; lua neither loses nor retries', () => {
    expect(summaryOf(watch, 'retries')).toBeGreaterThan(20);
    for (const r of [watch, lua]) {
      expect(summaryOf(r, 'lostUpdates')).toBe(0);
      expect(checkOf(r, 'total-conserved').status).toBe('passed');
      expect(checkOf(r, 'no-negative-balance').status).toBe('passed');
    }
    expect(summaryOf(lua, 'retries')).toBe(0);
  });

  it('incrby conserves the total but overdraws', () => {
    expect(summaryOf(incrby, 'overdrafts')).toBeGreaterThan(0);
    expect(summaryOf(incrby, 'lostUpdates')).toBe(0);
    expect(checkOf(incrby, 'total-conserved').status).toBe('passed');
    expect(checkOf(incrby, 'no-negative-balance').status).toBe('not-applicable');
  });

  it('starts transfersPerSec × duration transfers', () => {
    for (const r of [watch, lua]) {
      const started = summaryOf(r, 'ops') + summaryOf(r, 'declined');
      expect(started).toBeGreaterThan(400 * DURATION_SEC * 0.85);
      expect(started).toBeLessThan(400 * DURATION_SEC * 1.1);
    }
  });

  it('leaves no key behind', async () => {
    for (const r of [naive, watch, lua, incrby]) await expectGoneFromBrokers(r);
  });
});
