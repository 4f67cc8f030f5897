// Runs the scenario through the engine against the live Redis: three short runs side by side
// (zipf with invalidate, the same on a uniform key space, and ttl-only with more writes).
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import { cacheAsideMetrics } from './metrics.ts';
import type { CacheAsideParams } from './params.ts';
import cacheAside from './scenario.ts';
import { writesPerSec } from './run.ts';

const DURATION_SEC = 4;
const base: Partial<CacheAsideParams> = {
  keys: 1000,
  readsPerSec: 400,
  writeRatio: 0.1,
  originLatencyMs: 5,
  ttlSec: 30,
  concurrency: 16,
};

const run = (params: Partial<CacheAsideParams>): Promise<FinishedRunView> =>
  runScenario(cacheAside, { params, durationSec: DURATION_SEC });

const summary = summaryOf;

describe('cache-aside on the live Redis', () => {
  let zipf: FinishedRunView;
  let uniform: FinishedRunView;
  let ttlOnly: FinishedRunView;

  beforeAll(async () => {
    [zipf, uniform, ttlOnly] = await Promise.all([
      run(base),
      run({ ...base, distribution: 'uniform' }),
      run({ ...base, writeStrategy: 'ttl-only', writeRatio: 0.3 }),
    ]);
  });

  it('completes with every check passing, except no-stale-reads under ttl-only', () => {
    for (const r of [zipf, uniform, ttlOnly]) {
      expect(r.state, r.error).toBe('completed');
      for (const check of r.checks) {
        if (r === ttlOnly && check.id === 'no-stale-reads') continue;
        expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
      }
    }
    // ttl-only promises no freshness: the check says so instead of passing.
    const ttlStale = checkOf(ttlOnly, 'no-stale-reads');
    expect(ttlStale.status).toBe('not-applicable');
    expect(ttlStale.passed).toBe(false);
    expect(ttlStale.detail).toMatch(/^ttl-only leaves the old value/);
    // Under invalidate the check judged real exposure: hits on products written before the read.
    expect(zipf.facts.hitsOnWrittenProducts).toBeGreaterThan(0);
  });

  it('reads at readsPerSec and writes at the share writeRatio asks for', () => {
    const reads = (base.readsPerSec ?? 0) * DURATION_SEC;
    for (const r of [zipf, uniform]) {
      expect(summary(r, 'requests')).toBeGreaterThan(reads * 0.85);
      expect(summary(r, 'requests')).toBeLessThan(reads * 1.1);
      const writes = writesPerSec(base.readsPerSec ?? 0, base.writeRatio ?? 0) * DURATION_SEC;
      expect(summary(r, 'writes')).toBeGreaterThan(writes * 0.7);
      expect(summary(r, 'writes')).toBeLessThan(writes * 1.15);
    }
    expect(summary(zipf, 'hits') + summary(zipf, 'misses')).toBe(summary(zipf, 'requests'));
    expect(summary(zipf, 'originReads')).toBe(summary(zipf, 'misses'));
  });

  it('has hits fast and misses at least originLatencyMs, and a higher hit ratio under zipf', () => {
    expect(summary(zipf, 'missLatency.p50')).toBeGreaterThanOrEqual(base.originLatencyMs ?? 0);
    expect(summary(zipf, 'hitLatency.p50')).toBeLessThan(summary(zipf, 'missLatency.p50'));
    const zipfRatio = summary(zipf, 'hitRatio');
    const uniformRatio = summary(uniform, 'hitRatio');
    expect(zipfRatio).toBeCloseTo(summary(zipf, 'hits') / summary(zipf, 'requests'), 9);
    // 1600 reads over 1000 keys: uniform can hit at most on repeats; zipf's hot keys hit often.
    expect(uniformRatio).toBeLessThan(0.6);
    expect(zipfRatio).toBeGreaterThan(uniformRatio + 0.15);
  });

  it('reads stale data only under ttl-only', () => {
    expect(summary(zipf, 'staleReads')).toBe(0);
    expect(summary(uniform, 'staleReads')).toBe(0);
    expect(summary(ttlOnly, 'staleReads')).toBeGreaterThan(0);
    expect(ttlOnly.events.some((e) => e.message.startsWith('First stale read'))).toBe(true);
  });

  it('agrees with Redis on the keys cached, all within the run prefix', () => {
    const { redisKeys, expectedKeysMin, expectedKeysMax } = zipf.facts;
    expect(redisKeys).toBeGreaterThan(0);
    expect(redisKeys).toBeLessThanOrEqual(base.keys ?? 0);
    expect(redisKeys).toBeGreaterThanOrEqual(Number(expectedKeysMin));
    expect(redisKeys).toBeLessThanOrEqual(Number(expectedKeysMax));
    // Under invalidate only a miss puts a key in Redis, so there are never more keys than misses.
    expect(redisKeys).toBeLessThanOrEqual(summary(zipf, 'misses'));
    expect(zipf.facts.originWrites).toBe(summary(zipf, 'writes'));
  });

  it('streamed frames with every API key', () => {
    const expected = cacheAsideMetrics.flatMap((m) =>
      m.kind === 'counter'
        ? [m.key, `${m.key}.rate`]
        : m.kind === 'histogram'
          ? [`${m.key}.p50`, `${m.key}.p99`]
          : [m.key],
    );
    expect(zipf.frames.length).toBeGreaterThanOrEqual(DURATION_SEC * 3);
    // Latency keys are in a frame only when its tick saw reads (the last, after the stop, may
    // not): every key must be in the frames, and in most of them.
    for (const key of expected) {
      const present = zipf.frames.filter((f) => key in f.values).length;
      expect(present, key).toBeGreaterThan(zipf.frames.length / 2);
    }
  });

  it('leaves no key behind under the run prefix', async () => {
    for (const r of [zipf, uniform, ttlOnly]) {
      expect(r.resources.redisKeyPrefix).toMatch(/^pg:[a-z0-9]+:$/);
      await expectGoneFromBrokers(r);
    }
  });
});
