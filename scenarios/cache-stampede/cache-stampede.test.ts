// Runs the four protections side by side on the live Redis, with a 1 s TTL so a few expiry
// waves fit in each run.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  framesBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import type { CacheStampedeParams, Protection } from './params.ts';
import scenario from './scenario.ts';

const DURATION_SEC = 4;
const base: Partial<CacheStampedeParams> = {
  hotKeys: 3,
  readers: 48,
  readsPerSec: 600,
  ttlSec: 1,
  originLatencyMs: 150,
};
const s = summaryOf;

/** The worst p99 read latency of the frames after the cold start. */
const p99AfterColdStart = (run: FinishedRunView): number =>
  Math.max(
    ...framesBetween(run, 1000, DURATION_SEC * 1000).map((f) => f.values['latency.p99'] ?? 0),
  );

describe('cache-stampede on the live Redis', () => {
  const runs = {} as Record<Protection, FinishedRunView>;

  beforeAll(async () => {
    const protections: Protection[] = ['none', 'lock', 'early-refresh', 'stale-while-revalidate'];
    const done = await Promise.all(
      protections.map((protection) =>
        runScenario(scenario, { params: { ...base, protection }, durationSec: DURATION_SEC }),
      ),
    );
    protections.forEach((p, i) => (runs[p] = done[i] as FinishedRunView));
  });

  it('completes each run with no check failed', () => {
    for (const run of Object.values(runs)) {
      expect(run.state, run.error).toBe('completed');
      for (const check of run.checks)
        expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
    }
  });

  it('none: an expiry sends about as many origin reads as there are waiting readers', () => {
    const none = runs.none;
    expect(checkOf(none, 'every-miss-went-to-origin').status).toBe('passed');
    expect(s(none, 'originInFlightMax')).toBeGreaterThanOrEqual((base.readers ?? 0) * 0.75);
    expect(s(none, 'originReadsPerExpiry')).toBeGreaterThan(8);
    // Waves after the cold start, not only the cold start.
    expect(s(none, 'lateExpiries')).toBeGreaterThanOrEqual(3);
  });

  it('lock: at most one origin read per key per expiry, while the others wait on the lock', () => {
    const lock = runs.lock;
    expect(checkOf(lock, 'one-origin-read-per-expiry').status).toBe('passed');
    expect(lock.facts.originKeyInFlightMax).toBe(1);
    expect(s(lock, 'originInFlightMax')).toBeLessThanOrEqual(base.hotKeys ?? 0);
    expect(s(lock, 'originReads')).toBeLessThanOrEqual(s(lock, 'expiries'));
    expect(s(lock, 'lateExpiries')).toBeGreaterThanOrEqual(3);
    expect(s(lock, 'lockWaits')).toBeGreaterThan(0);
    expect(s(runs.none, 'originReads')).toBeGreaterThan(s(lock, 'originReads') * 8);
    // Waiters wait for the refill: the lock saves the origin, not the readers' latency.
    expect(p99AfterColdStart(lock)).toBeGreaterThan((base.originLatencyMs ?? 0) * 0.5);
  });

  it('early-refresh: keys are refreshed before they expire, so only the cold start misses', () => {
    const early = runs['early-refresh'];
    expect(checkOf(early, 'kept-warm-after-first-fill').status).toBe('passed');
    expect(s(early, 'expiries')).toBe(base.hotKeys);
    expect(s(early, 'earlyRefreshes')).toBeGreaterThanOrEqual(base.hotKeys ?? 0);
  });

  it('stale-while-revalidate: readers are served the old value and never wait after the cold start', () => {
    const swr = runs['stale-while-revalidate'];
    expect(checkOf(swr, 'one-origin-read-per-expiry').status).toBe('passed');
    expect(checkOf(swr, 'kept-warm-after-first-fill').status).toBe('passed');
    expect(s(swr, 'staleServed')).toBeGreaterThan(0);
    expect(s(swr, 'lateExpiries')).toBe(0);
    expect(p99AfterColdStart(swr)).toBeLessThan((base.originLatencyMs ?? 0) * 0.5);
  });

  it('leaves no key behind', async () => {
    for (const run of Object.values(runs)) await expectGoneFromBrokers(run);
  });
});
