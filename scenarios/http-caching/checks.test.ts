// Each check on made-up numbers: it fails when the clients and the origin disagree, and says not
// applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { httpCachingChecks } from './checks.ts';
import type { HttpCachingParams } from './params.ts';

const params: HttpCachingParams = {
  clients: 20,
  requestsPerSec: 200,
  maxAgeSec: 3,
  swrSec: 10,
  changeEverySec: 4,
  sizeKb: 8,
  originDelayMs: 10,
  seed: 42,
};

/**
 * A consistent run: 1600 answers, 630 from cache, 266 revalidated, 704 full, 113 background
 * refreshes; the origin counted 1083 = 1600 − 630 + 113 (723 × 200, 360 × 304).
 */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<HttpCachingParams> = {},
): FinishedRun<HttpCachingParams> {
  return {
    params: { ...params, ...p },
    summary: {
      requests: 1600,
      fromCache: 630,
      revalidated: 266,
      full: 704,
      backgroundRevalidations: 113,
      bytes: 5_922_816,
      bytesFromCache: 7_340_032,
      outdated: 115,
      'outdatedMs.max': 2439,
      ...summary,
    },
    facts: {
      pendingAtEnd: 0,
      'origin.requests': 1083,
      'origin.200': 723,
      'origin.304': 360,
      'origin.other': 0,
      'origin.bytes': 5_922_816,
      'network.200': 723,
      'network.304': 360,
      'network.other': 0,
      'client.requests.noCache': 283,
      'origin.requests.noCache': 283,
      'client.requests.byDate': 249,
      'origin.requests.byDate': 249,
      'client.requests.noStore': 280,
      'origin.requests.noStore': 280,
      'outdated.noCache': 0,
      'outdated.byDate': 0,
      'outdated.noStore': 0,
      'outdated.overWindow': 0,
      'outdated.worstOverWindow': 0,
      changes: 2,
      ...facts,
    },
    durationMs: 8000,
  };
}

/** The run with one fact missing, as when it ended before the final count. */
function without(key: string): FinishedRun<HttpCachingParams> {
  const r = run();
  delete r.facts[key];
  return r;
}

const status = (id: string, r: FinishedRun<HttpCachingParams>): string => {
  const check = httpCachingChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('http-caching checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of httpCachingChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('origin-counted-what-left-the-clients fails on a request the clients did not see leave, or a misread status', () => {
    const id = 'origin-counted-what-left-the-clients';
    // A cache that claimed an answer it had in fact fetched: the origin counted one more.
    expect(status(id, run({ fromCache: 631 }))).toBe('failed');
    expect(status(id, run({}, { 'origin.requests': 1084 }))).toBe('failed');
    // Totals agree but one 304 was taken for a 200.
    expect(status(id, run({}, { 'network.200': 724, 'network.304': 359 }))).toBe('failed');
    expect(status(id, run({}, { pendingAtEnd: 1 }))).toBe('failed');
    expect(status(id, without('origin.requests'))).toBe('failed');
    expect(
      status(
        id,
        run(
          { requests: 0, fromCache: 0, backgroundRevalidations: 0 },
          { 'origin.requests': 0, 'origin.200': 0, 'origin.304': 0 },
          { requestsPerSec: 0 },
        ),
      ),
    ).toBe('not-applicable');
  });

  it('bytes-agree fails when a body was lost or counted twice', () => {
    expect(status('bytes-agree', run({ bytes: 5_922_816 - 8192 }))).toBe('failed');
    expect(status('bytes-agree', run({}, { 'origin.bytes': 5_922_816 + 8192 }))).toBe('failed');
    expect(status('bytes-agree', run({ bytes: 0 }, { 'origin.bytes': 0 }))).toBe('not-applicable');
  });

  it('must-ask-reached-origin fails when a cache answered a no-cache, by-date or no-store use itself', () => {
    const id = 'must-ask-reached-origin';
    expect(status(id, run({}, { 'origin.requests.noStore': 279 }))).toBe('failed');
    expect(status(id, run({}, { 'origin.requests.noCache': 200 }))).toBe('failed');
    expect(status(id, run({}, { 'client.requests.byDate': 250 }))).toBe('failed');
    const none = {
      'client.requests.noCache': 0,
      'origin.requests.noCache': 0,
      'client.requests.byDate': 0,
      'origin.requests.byDate': 0,
      'client.requests.noStore': 0,
      'origin.requests.noStore': 0,
    };
    expect(status(id, run({}, none))).toBe('not-applicable');
  });

  it('no-outdated-where-every-use-asks fails on one old answer, and needs a change to judge', () => {
    const id = 'no-outdated-where-every-use-asks';
    expect(status(id, run({}, { 'outdated.noCache': 1 }))).toBe('failed');
    expect(status(id, run({}, { 'outdated.noStore': 3 }))).toBe('failed');
    expect(status(id, run({}, { changes: 0 }))).toBe('not-applicable');
    expect(status(id, run({}, { changes: 0 }, { changeEverySec: 0 }))).toBe('not-applicable');
  });

  it('reuse-within-lifetime fails when a copy outlived its max-age', () => {
    const id = 'reuse-within-lifetime';
    expect(status(id, run({}, { 'outdated.overWindow': 2, 'outdated.worstOverWindow': 900 }))).toBe(
      'failed',
    );
    expect(status(id, run({ outdated: 0 }))).toBe('not-applicable');
    expect(status(id, run({ outdated: 0 }, { changes: 0 }))).toBe('not-applicable');
    expect(status(id, without('outdated.overWindow'))).toBe('failed');
  });
});
