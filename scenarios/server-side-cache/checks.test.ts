// Each check on made-up numbers: it fails when its two sources disagree, and says not
// applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import { resolveParams } from '../src/sdk/params.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { serverSideCacheChecks } from './checks.ts';
import { serverSideCacheParams } from './params.ts';
import type { ServerSideCacheParams } from './params.ts';

const params: ServerSideCacheParams = resolveParams(serverSideCacheParams, {});

/** A consistent run: 1500 reads per copy, 50 writes, stale pages only from the response cache. */
function run(
  facts: RunFacts = {},
  summary: Record<string, number> = {},
): FinishedRun<ServerSideCacheParams> {
  return {
    params,
    summary: { 'requests.none': 1500, ...summary },
    facts: {
      'dbSelects.none': 4500,
      'dbSelects.response': 700,
      'dbSelects.query': 2500,
      'dbSelects.object': 520,
      'handlerQueries.none': 4500,
      'handlerQueries.response': 700,
      'handlerQueries.query': 2500,
      'handlerQueries.object': 520,
      'repeatReads.none': 1300,
      'repeatReads.response': 1300,
      'repeatReads.query': 1300,
      'repeatReads.object': 1300,
      'staleReads.none': 0,
      'staleReads.response': 400,
      'staleReads.query': 0,
      'staleReads.object': 0,
      'exposedReads.none': 300,
      'exposedReads.response': 300,
      'exposedReads.query': 300,
      'exposedReads.object': 300,
      'maxStaleAgeMs.none': 0,
      'maxStaleAgeMs.response': 8000,
      'maxStaleAgeMs.query': 0,
      'maxStaleAgeMs.object': 0,
      'dbWrites.none': 50,
      'dbWrites.response': 50,
      'dbWrites.query': 50,
      'dbWrites.object': 50,
      writesAcknowledged: 50,
      maxTtlSec: 30,
      responseAlwaysTagged: false,
      ...facts,
    },
    durationMs: 10_000,
  };
}

const status = (id: string, r: FinishedRun<ServerSideCacheParams>): string => {
  const check = serverSideCacheChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('server-side-cache checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of serverSideCacheChecks)
      expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail, every one, when the run ended before the facts were recorded', () => {
    const bare = { ...run(), facts: {} };
    for (const check of serverSideCacheChecks)
      expect(status(check.id, bare), check.id).toBe('failed');
  });

  it('db-queries-as-believed fails when a database ran a statement its handler did not report', () => {
    expect(status('db-queries-as-believed', run({ 'dbSelects.object': 521 }))).toBe('failed');
    expect(status('db-queries-as-believed', run({ 'handlerQueries.none': 4499 }))).toBe('failed');
    const idle = Object.fromEntries(
      ['none', 'response', 'query', 'object'].flatMap((m) => [
        [`dbSelects.${m}`, 0],
        [`handlerQueries.${m}`, 0],
      ]),
    );
    expect(status('db-queries-as-believed', run(idle))).toBe('not-applicable');
  });

  it('caching-ranks-db-load fails when a cache costs as much as none, or query not above object under writes', () => {
    expect(status('caching-ranks-db-load', run({ 'dbSelects.response': 4500 }))).toBe('failed');
    expect(status('caching-ranks-db-load', run({ 'dbSelects.query': 500 }))).toBe('failed');
    // Without writes, query and object are not ranked.
    expect(
      status('caching-ranks-db-load', run({ 'dbSelects.query': 500, writesAcknowledged: 0 })),
    ).toBe('passed');
    expect(status('caching-ranks-db-load', run({ 'repeatReads.response': 3 }))).toBe(
      'not-applicable',
    );
    expect(status('caching-ranks-db-load', run({}, { 'requests.none': 0 }))).toBe('not-applicable');
  });

  it('no-stale-where-invalidation-reaches fails on a stale page from none, query, object, or tagged responses', () => {
    for (const m of ['none', 'query', 'object']) {
      expect(
        status('no-stale-where-invalidation-reaches', run({ [`staleReads.${m}`]: 1 })),
        m,
      ).toBe('failed');
    }
    expect(status('no-stale-where-invalidation-reaches', run({ responseAlwaysTagged: true }))).toBe(
      'failed',
    );
    const unexposed = Object.fromEntries(
      ['none', 'response', 'query', 'object'].map((m) => [`exposedReads.${m}`, 0]),
    );
    expect(status('no-stale-where-invalidation-reaches', run(unexposed))).toBe('not-applicable');
  });

  it('stale-pages-younger-than-ttl fails when a stale page outlived the TTL', () => {
    expect(status('stale-pages-younger-than-ttl', run({ 'maxStaleAgeMs.response': 31_000 }))).toBe(
      'failed',
    );
    expect(status('stale-pages-younger-than-ttl', run({ maxTtlSec: 5 }))).toBe('failed');
    expect(status('stale-pages-younger-than-ttl', run({ 'staleReads.response': 0 }))).toBe(
      'not-applicable',
    );
  });

  it('every-copy-recorded-every-write fails when a database lost or gained a write', () => {
    expect(status('every-copy-recorded-every-write', run({ 'dbWrites.query': 49 }))).toBe('failed');
    expect(status('every-copy-recorded-every-write', run({ writesAcknowledged: 51 }))).toBe(
      'failed',
    );
    const none = Object.fromEntries(
      ['none', 'response', 'query', 'object'].map((m) => [`dbWrites.${m}`, 0]),
    );
    expect(status('every-copy-recorded-every-write', run({ ...none, writesAcknowledged: 0 }))).toBe(
      'not-applicable',
    );
  });
});
