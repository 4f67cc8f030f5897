// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { cacheStampedeChecks } from './checks.ts';
import type { CacheStampedeParams } from './params.ts';

const params: CacheStampedeParams = {
  protection: 'lock',
  hotKeys: 2,
  readers: 64,
  readsPerSec: 800,
  ttlSec: 2,
  originLatencyMs: 200,
  lockTtlMs: 1000,
  retryMs: 25,
  beta: 1,
  staleSec: 5,
  seed: 42,
};

/** A consistent lock run: 6 expiries, 6 origin reads, one at a time per key. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<CacheStampedeParams> = {},
): FinishedRun<CacheStampedeParams> {
  return {
    params: { ...params, ...p },
    summary: {
      requests: 4000,
      misses: 6,
      originReads: 6,
      expiries: 6,
      lateExpiries: 0,
      ...summary,
    },
    facts: {
      originKeyInFlightMax: 1,
      'cachedGen.0': 3,
      'originGen.0': 3,
      'cachedGen.1': 3,
      'originGen.1': 3,
      ...facts,
    },
    durationMs: 5000,
  };
}

const status = (id: string, r: FinishedRun<CacheStampedeParams>): string => {
  const check = cacheStampedeChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('cache-stampede checks', () => {
  it('every-miss-went-to-origin fails when the origin served more or fewer reads than misses', () => {
    const none = { protection: 'none' } as const;
    expect(
      status('every-miss-went-to-origin', run({ misses: 90, originReads: 90 }, {}, none)),
    ).toBe('passed');
    expect(
      status('every-miss-went-to-origin', run({ misses: 90, originReads: 89 }, {}, none)),
    ).toBe('failed');
    expect(
      status('every-miss-went-to-origin', run({ misses: 90, originReads: 91 }, {}, none)),
    ).toBe('failed');
    expect(status('every-miss-went-to-origin', run({ misses: 0, originReads: 0 }, {}, none))).toBe(
      'not-applicable',
    );
    expect(status('every-miss-went-to-origin', run())).toBe('not-applicable');
  });

  it('one-origin-read-per-expiry fails on two reads of a key at once or more reads than expiries', () => {
    expect(status('one-origin-read-per-expiry', run())).toBe('passed');
    expect(status('one-origin-read-per-expiry', run({}, { originKeyInFlightMax: 2 }))).toBe(
      'failed',
    );
    expect(status('one-origin-read-per-expiry', run({ originReads: 7 }))).toBe('failed');
    expect(
      status(
        'one-origin-read-per-expiry',
        run({ originReads: 7 }, {}, { protection: 'stale-while-revalidate' }),
      ),
    ).toBe('failed');
    expect(status('one-origin-read-per-expiry', run({}, {}, { protection: 'none' }))).toBe(
      'not-applicable',
    );
    expect(status('one-origin-read-per-expiry', run({}, {}, { protection: 'early-refresh' }))).toBe(
      'not-applicable',
    );
    expect(status('one-origin-read-per-expiry', run({}, { originKeyInFlightMax: 'x' }))).toBe(
      'failed',
    );
  });

  it('kept-warm-after-first-fill fails when a cached key went missing, and needs reads to judge', () => {
    const early = { protection: 'early-refresh' } as const;
    expect(status('kept-warm-after-first-fill', run({}, {}, early))).toBe('passed');
    expect(status('kept-warm-after-first-fill', run({ lateExpiries: 1 }, {}, early))).toBe(
      'failed',
    );
    expect(
      status(
        'kept-warm-after-first-fill',
        run({ lateExpiries: 2 }, {}, { protection: 'stale-while-revalidate' }),
      ),
    ).toBe('failed');
    expect(status('kept-warm-after-first-fill', run({ lateExpiries: 4 }))).toBe('not-applicable');
    expect(
      status(
        'kept-warm-after-first-fill',
        run({ lateExpiries: 4 }, {}, { ...early, readsPerSec: 5 }),
      ),
    ).toBe('not-applicable');
  });

  it('redis-holds-a-computed-value fails on a generation the origin never computed', () => {
    expect(status('redis-holds-a-computed-value', run())).toBe('passed');
    expect(status('redis-holds-a-computed-value', run({}, { 'cachedGen.1': 2 }))).toBe('failed');
    expect(status('redis-holds-a-computed-value', run({}, { 'cachedGen.1': 4 }))).toBe('failed');
    const none = { protection: 'none' } as const;
    expect(status('redis-holds-a-computed-value', run({}, { 'cachedGen.1': 2 }, none))).toBe(
      'passed',
    );
    expect(status('redis-holds-a-computed-value', run({}, { 'cachedGen.1': 4 }, none))).toBe(
      'failed',
    );
    expect(status('redis-holds-a-computed-value', run({}, { 'cachedGen.1': 0 }, none))).toBe(
      'failed',
    );
    expect(
      status('redis-holds-a-computed-value', run({}, { 'cachedGen.0': -1, 'cachedGen.1': -1 })),
    ).toBe('not-applicable');
    expect(status('redis-holds-a-computed-value', run({}, { 'originGen.1': 'x' }))).toBe('failed');
  });
});
