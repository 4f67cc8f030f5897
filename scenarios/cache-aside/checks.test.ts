// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { cacheAsideChecks } from './checks.ts';
import type { CacheAsideParams } from './params.ts';

const params: CacheAsideParams = {
  keys: 1000,
  distribution: 'zipf',
  zipfExponent: 1,
  ttlSec: 30,
  readsPerSec: 400,
  writeRatio: 0.1,
  writeStrategy: 'invalidate',
  originLatencyMs: 5,
  concurrency: 16,
  seed: 42,
};

/** A consistent run: 1600 reads, 400 of them misses, 178 writes, 300 keys left in Redis. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<CacheAsideParams> = {},
): FinishedRun<CacheAsideParams> {
  return {
    params: { ...params, ...p },
    summary: {
      requests: 1600,
      hits: 1200,
      misses: 400,
      originReads: 400,
      writes: 178,
      staleReads: 0,
      ...summary,
    },
    facts: {
      redisKeys: 300,
      redisKeysScanComplete: true,
      expectedKeysMin: 299,
      expectedKeysMax: 301,
      originWrites: 178,
      hitsOnWrittenProducts: 150,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<CacheAsideParams>): string => {
  const check = cacheAsideChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('cache-aside checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of cacheAsideChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('one-origin-read-per-miss fails when the origin served more or fewer reads than misses', () => {
    expect(status('one-origin-read-per-miss', run({ originReads: 401 }))).toBe('failed');
    expect(status('one-origin-read-per-miss', run({ originReads: 399 }))).toBe('failed');
    expect(status('one-origin-read-per-miss', run({ misses: 0, originReads: 3 }))).toBe('failed');
    expect(status('one-origin-read-per-miss', run({ misses: 0, originReads: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('no-stale-reads fails on a stale hit, and does not apply where staleness is expected or impossible', () => {
    expect(status('no-stale-reads', run({ staleReads: 1 }))).toBe('failed');
    expect(
      status('no-stale-reads', run({ staleReads: 1 }, {}, { writeStrategy: 'write-through' })),
    ).toBe('failed');
    expect(
      status('no-stale-reads', run({ staleReads: 40 }, {}, { writeStrategy: 'ttl-only' })),
    ).toBe('not-applicable');
    expect(status('no-stale-reads', run({ writes: 0 }, {}, { writeRatio: 0 }))).toBe(
      'not-applicable',
    );
    expect(status('no-stale-reads', run({}, { hitsOnWrittenProducts: 0 }))).toBe('not-applicable');
  });

  it('redis-keys-as-expected fails when Redis holds more or fewer keys than the run cached', () => {
    expect(status('redis-keys-as-expected', run({}, { redisKeys: 302 }))).toBe('failed');
    expect(status('redis-keys-as-expected', run({}, { redisKeys: 298 }))).toBe('failed');
    expect(status('redis-keys-as-expected', run({}, { redisKeysScanComplete: false }))).toBe(
      'failed',
    );
    expect(
      status(
        'redis-keys-as-expected',
        run({ misses: 0 }, { redisKeys: 0, expectedKeysMin: 0, expectedKeysMax: 0 }),
      ),
    ).toBe('not-applicable');
  });

  it('origin-agrees-on-writes fails when SQLite recorded a different number of writes', () => {
    expect(status('origin-agrees-on-writes', run({}, { originWrites: 177 }))).toBe('failed');
    expect(
      status('origin-agrees-on-writes', run({ writes: 0 }, { originWrites: 0 }, { writeRatio: 0 })),
    ).toBe('not-applicable');
  });
});
