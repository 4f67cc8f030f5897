// Two short runs side by side on the live Redis, with and without fencing, and a third that
// lengthens the TTL past the stall while it goes.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView, Run } from '../src/testing/index.ts';
import type { DistributedLockParams } from './params.ts';
import distributedLock from './scenario.ts';

const DURATION_SEC = 4;
const LONG_TTL_AT_MS = 1500;
// A stall every 0.6 s, twice the 150 ms lock.
const base: Partial<DistributedLockParams> = {
  clients: 4,
  lockTtlMs: 150,
  pauseMs: 300,
  pauseEverySec: 0.6,
};

const run = (
  params: Partial<DistributedLockParams>,
  onStart?: (r: Run) => void,
): Promise<FinishedRunView> =>
  runScenario(distributedLock, {
    params: { ...base, ...params },
    durationSec: DURATION_SEC,
    ...(onStart === undefined ? {} : { onStart }),
  });

describe('distributed-lock on the live Redis', () => {
  let unfenced: FinishedRunView;
  let fenced: FinishedRunView;
  let longTtl: FinishedRunView;

  beforeAll(async () => {
    [unfenced, fenced, longTtl] = await Promise.all([
      run({ fencing: false }),
      run({ fencing: true }),
      run({ fencing: false }, (r) => {
        setTimeout(() => r.updateParams({ lockTtlMs: 2000 }), LONG_TTL_AT_MS);
      }),
    ]);
  }, 30_000);

  it('completes, with no check failed and every grant fenced by Redis', () => {
    for (const r of [unfenced, fenced, longTtl]) {
      expect(r.state, r.error).toBe('completed');
      for (const check of r.checks) {
        expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
      }
      expect(checkOf(r, 'one-fencing-token-per-grant').status).toBe('passed');
      expect(checkOf(r, 'lock-expires-after-ttl').status).toBe('passed');
    }
  });

  it('without fencing, a stall past the TTL overlaps another holder and the storage loses increments', () => {
    expect(summaryOf(unfenced, 'pauses')).toBeGreaterThanOrEqual(4);
    expect(summaryOf(unfenced, 'overlaps')).toBeGreaterThan(0);
    expect(summaryOf(unfenced, 'staleWrites')).toBeGreaterThan(0);
    expect(Number(unfenced.facts.storageStaleAccepted)).toBe(summaryOf(unfenced, 'staleWrites'));
    expect(summaryOf(unfenced, 'lostIncrements')).toBeGreaterThan(0);
    expect(summaryOf(unfenced, 'storageValue')).toBe(
      summaryOf(unfenced, 'acknowledged') - summaryOf(unfenced, 'lostIncrements'),
    );
    expect(checkOf(unfenced, 'no-increment-lost').status).toBe('not-applicable');
  });

  it("with fencing, the storage's log refuses every stale write and loses nothing", () => {
    expect(summaryOf(fenced, 'overlaps')).toBeGreaterThan(0);
    expect(summaryOf(fenced, 'staleWritesRejected')).toBeGreaterThan(0);
    expect(summaryOf(fenced, 'lostIncrements')).toBe(0);
    expect(checkOf(fenced, 'fencing-refused-every-stale-write').status).toBe('passed');
    expect(checkOf(fenced, 'no-increment-lost').status).toBe('passed');
  });

  it('a TTL longer than the stall ends the overlaps, and the stalls block everyone instead', () => {
    const settled = LONG_TTL_AT_MS + 500;
    const end = DURATION_SEC * 1000;
    expect(rateBetween(longTtl, 'overlaps', settled, end)).toBe(0);
    expect(rateBetween(longTtl, 'acquired', settled, end)).toBeLessThan(
      rateBetween(longTtl, 'acquired', 0, LONG_TTL_AT_MS) * 0.8,
    );
  });

  it('leaves no key behind', async () => {
    for (const r of [unfenced, fenced, longTtl]) await expectGoneFromBrokers(r);
  });
});
