// Runs the scenario through the engine against the live Redis: a steady overload, the boundary
// pattern that fixed-window cannot hold, and a live change of the request rate.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView, Run } from '../src/testing/index.ts';
import { allowedBound } from './checks.ts';
import { ALGORITHMS } from './lua/commands.ts';
import { allowedKey, maxInWindowKey, rateLimitingMetrics, rejectedKey } from './metrics.ts';
import type { RateLimitingParams } from './params.ts';
import rateLimiting from './scenario.ts';

const scenario = rateLimiting;
const summary = summaryOf;

describe('rate-limiting on the live Redis', () => {
  const steadyParams: Partial<RateLimitingParams> = {
    limit: 10,
    windowSec: 1,
    clients: 5,
    requestsPerSec: 100,
    pattern: 'steady',
  };
  const boundaryParams: Partial<RateLimitingParams> = {
    limit: 5,
    windowSec: 1,
    clients: 2,
    requestsPerSec: 100,
    pattern: 'boundary',
  };
  let steady: FinishedRunView;
  let boundary: FinishedRunView;
  let live: FinishedRunView;

  beforeAll(async () => {
    [steady, boundary, live] = await Promise.all([
      runScenario(scenario, { params: steadyParams, durationSec: 4 }),
      runScenario(scenario, { params: boundaryParams, durationSec: 4.5 }),
      runScenario(scenario, {
        params: { ...steadyParams, requestsPerSec: 50 },
        durationSec: 4,
        onStart(run: Run) {
          setTimeout(() => run.updateParams({ requestsPerSec: 250 }), 2000);
        },
      }),
    ]);
  });

  it('completes with every check passing', () => {
    for (const r of [steady, boundary, live]) {
      expect(r.state, r.error).toBe('completed');
      expect(r.checks.length).toBe(9);
      // Each run overloads its clients, so every check applies and none is waved through.
      expect(r.facts.offeredOverLimit).toBe(true);
      for (const check of r.checks) {
        expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
      }
    }
    expect(checkOf(steady, 'redis-sliding-logs-agree').detail).toMatch(/ 0 clients disagree/);
  });

  it('offers requestsPerSec × duration requests, each to all five limiters', () => {
    const offered = Number(steady.facts.offered);
    expect(offered).toBeGreaterThan(100 * 4 * 0.85);
    expect(offered).toBeLessThan(100 * 4 * 1.1);
    for (const a of ALGORITHMS) {
      expect(summary(steady, allowedKey(a)) + summary(steady, rejectedKey(a))).toBe(offered);
    }
  });

  it('lets each algorithm allow about limit × clients per window under a steady overload', () => {
    // 5 clients at 20 req/s each against 10 per second: every limiter must turn some away.
    const span = Number(steady.facts.loadSpanMs);
    const perWindow = 10 * 5;
    for (const a of ALGORITHMS) {
      const allowed = summary(steady, allowedKey(a));
      expect(summary(steady, rejectedKey(a)), a).toBeGreaterThan(0);
      expect(allowed, a).toBeGreaterThan(perWindow * (span / 1000) * 0.75);
      const { bound } = allowedBound(
        a,
        steady.params as RateLimitingParams,
        span,
        Number(steady.facts.fixedWindowsSpanned),
      );
      expect(allowed, a).toBeLessThanOrEqual(bound);
    }
    // GCRA is the token bucket by another name: the same decisions on the same stream (give or
    // take a request landing exactly on a floating-point boundary).
    const gcraVsBucket =
      summary(steady, allowedKey('gcra')) - summary(steady, allowedKey('token-bucket'));
    expect(Math.abs(gcraVsBucket)).toBeLessThanOrEqual(1);
    expect(summary(steady, maxInWindowKey('sliding-log'))).toBe(10);
  });

  it('shows fixed-window letting up to 2 × limit through across a window edge; sliding-log never', () => {
    const limit = boundaryParams.limit ?? 0;
    expect(summary(boundary, maxInWindowKey('fixed-window'))).toBeGreaterThan(limit);
    expect(summary(boundary, maxInWindowKey('fixed-window'))).toBeLessThanOrEqual(2 * limit);
    expect(summary(boundary, maxInWindowKey('sliding-log'))).toBeLessThanOrEqual(limit);
    // Sliding window counter and the buckets land in between: at most one bucket refill more.
    expect(summary(boundary, maxInWindowKey('token-bucket'))).toBeLessThan(2 * limit);
    const bursts = boundary.events.filter((e) =>
      e.message.startsWith('Burst across the window edge'),
    );
    expect(bursts.length).toBeGreaterThanOrEqual(2);
    expect(
      boundary.events.some((e) => e.message.includes('fixed-window rejected its first request')),
    ).toBe(true);
  });

  it('follows a live change of requestsPerSec at once', () => {
    // 50 req/s for 2 s, then 250 req/s for 2 s.
    const offered = Number(live.facts.offered);
    expect(offered).toBeGreaterThan((50 * 2 + 250 * 2) * 0.85);
    expect(offered).toBeLessThan((50 * 2 + 250 * 2) * 1.1);
  });

  it('streamed frames with all 20 keys', () => {
    expect(rateLimitingMetrics).toHaveLength(20);
    expect(steady.frames.length).toBeGreaterThanOrEqual(4 * 3);
    const last = steady.frames.at(-1)?.values ?? {};
    for (const m of rateLimitingMetrics) {
      expect(last, m.key).toHaveProperty([m.key]);
      if (m.kind === 'counter') expect(last, m.key).toHaveProperty([`${m.key}.rate`]);
    }
  });

  it('leaves no key behind under the run prefix', async () => {
    for (const r of [steady, boundary, live]) {
      expect(r.resources.redisKeyPrefix).toMatch(/^pg:[a-z0-9]+:$/);
      await expectGoneFromBrokers(r);
    }
  });
});
