// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { rateLimitingChecks } from './checks.ts';
import { ALGORITHMS } from './lua/commands.ts';
import { allowedKey, maxInWindowKey, rejectedKey } from './metrics.ts';
import type { RateLimitingParams } from './params.ts';

const params: RateLimitingParams = {
  limit: 10,
  windowSec: 1,
  clients: 5,
  requestsPerSec: 100,
  pattern: 'steady',
  seed: 42,
};

/** A 4 s steady overload: 400 offered, each limiter allowed 200 and rejected 200. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
): FinishedRun<RateLimitingParams> {
  const base: Record<string, number> = {};
  for (const a of ALGORITHMS) {
    base[allowedKey(a)] = 200;
    base[rejectedKey(a)] = 200;
    base[maxInWindowKey(a)] = 10;
  }
  return {
    params,
    summary: { ...base, ...summary },
    facts: {
      offered: 400,
      offeredOverLimit: true,
      loadSpanMs: 4000,
      fixedWindowsSpanned: 5,
      slidingLogEntries: 50,
      slidingLogMismatches: 0,
      redisKeysScanComplete: true,
      ...Object.fromEntries(ALGORITHMS.map((a) => [`redisKeys.${a}`, 5])),
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<RateLimitingParams>): string => {
  const check = rateLimitingChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('rate-limiting checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of rateLimitingChecks)
      expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('are not applicable, never passed, when nothing was offered', () => {
    const idle = run({}, { offered: 0, offeredOverLimit: false });
    for (const check of rateLimitingChecks) {
      expect(status(check.id, idle), check.id).toBe('not-applicable');
    }
  });

  it('sliding-log-exact fails past the limit, and does not apply when no client went over it', () => {
    expect(status('sliding-log-exact', run({ [maxInWindowKey('sliding-log')]: 11 }))).toBe(
      'failed',
    );
    expect(status('sliding-log-exact', run({}, { offeredOverLimit: false }))).toBe(
      'not-applicable',
    );
  });

  it('same-stream-for-all fails when one limiter answered fewer requests than were offered', () => {
    expect(status('same-stream-for-all', run({ [rejectedKey('gcra')]: 199 }))).toBe('failed');
  });

  it('a bound check fails above the bound, and does not apply when the offer was under it', () => {
    // fixed-window: 10 × 5 clients × 5 windows = 250.
    expect(status('fixed-window-within-bound', run({ [allowedKey('fixed-window')]: 251 }))).toBe(
      'failed',
    );
    expect(status('fixed-window-within-bound', run({}, { offered: 250 }))).toBe('not-applicable');
    // token-bucket: 10 × 5 × (4 s / 1 s + 1) = 250.
    expect(status('token-bucket-within-bound', run({ [allowedKey('token-bucket')]: 251 }))).toBe(
      'failed',
    );
  });

  it('redis-sliding-logs-agree fails when Redis and the run disagree, or Redis holds too much', () => {
    expect(status('redis-sliding-logs-agree', run({}, { slidingLogMismatches: 1 }))).toBe('failed');
    expect(status('redis-sliding-logs-agree', run({}, { slidingLogEntries: 51 }))).toBe('failed');
  });

  it('redis-keys-per-client fails on more keys than clients, or a scan cut short', () => {
    expect(status('redis-keys-per-client', run({}, { 'redisKeys.fixed-window': 6 }))).toBe(
      'failed',
    );
    expect(status('redis-keys-per-client', run({}, { redisKeysScanComplete: false }))).toBe(
      'failed',
    );
  });
});
