// Each check on made-up numbers: it fails when its two sources disagree, and says not
// applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { resolveParams } from '../src/sdk/params.ts';
import { nearCacheChecks } from './checks.ts';
import { nearCacheParams } from './params.ts';
import type { NearCacheParams } from './params.ts';

const defaults: NearCacheParams = resolveParams(nearCacheParams, {});

/** A consistent tracking run over three instances. */
function run(
  facts: RunFacts = {},
  summary: Record<string, number> = {},
  params: Partial<NearCacheParams> = {},
): FinishedRun<NearCacheParams> {
  return {
    params: { ...defaults, ...params },
    summary: {
      reads: 5000,
      l1Hits: 3200,
      l2Hits: 1350,
      misses: 450,
      staleReads: 3,
      invalidations: 1170,
      ...summary,
    },
    facts: {
      'delivered.1': 380,
      'delivered.2': 400,
      'delivered.3': 390,
      'due.1': 380,
      'due.2': 400,
      'due.3': 391,
      'unannounced.1': 0,
      'unannounced.2': 0,
      'unannounced.3': 0,
      stretchesWithInvalidation: 1,
      staleAfterInvalidation: 0,
      judgedHitsOnWritten: 2000,
      windowsOpenAtEnd: 0,
      windowsLongestMs: 1,
      'windowsEndedBy.invalidation': 150,
      'windowsEndedBy.flush': 0,
      'windowsEndedBy.evict': 2,
      'windowsEndedBy.expire': 0,
      'windowsEndedBy.refresh': 1,
      offWindowsOpenAtEnd: 0,
      offWindowsLongestMs: 0,
      'offWindowsEndedBy.evict': 0,
      'offWindowsEndedBy.expire': 0,
      originLoads: 450,
      ...facts,
    },
    durationMs: 6000,
  };
}

/** The same run with invalidation off throughout. */
const off = (facts: RunFacts = {}): FinishedRun<NearCacheParams> =>
  run(
    {
      stretchesWithInvalidation: 0,
      'delivered.1': 0,
      'delivered.2': 0,
      'delivered.3': 0,
      'due.1': 0,
      'due.2': 0,
      'due.3': 0,
      'windowsEndedBy.invalidation': 0,
      'windowsEndedBy.evict': 0,
      'windowsEndedBy.refresh': 0,
      'offWindowsEndedBy.evict': 40,
      offWindowsOpenAtEnd: 19,
      offWindowsLongestMs: 4300,
      ...facts,
    },
    { invalidations: 0, staleReads: 1200 },
    { invalidation: 'off' },
  );

const status = (id: string, r: FinishedRun<NearCacheParams>): string => {
  const check = nearCacheChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('near-cache checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of nearCacheChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail, every one, when the run ended before its final count', () => {
    const bare = { ...run(), facts: {} };
    for (const check of nearCacheChecks) expect(status(check.id, bare), check.id).toBe('failed');
  });

  it('invalidations-delivered fails when a change went unannounced, or more arrived than were due', () => {
    expect(status('invalidations-delivered', run({ 'unannounced.2': 1 }))).toBe('failed');
    expect(status('invalidations-delivered', run({ 'delivered.3': 392 }))).toBe('failed');
    // Tracking may merge two quick changes of a key into one push: fewer is not a failure.
    expect(status('invalidations-delivered', run({ 'delivered.1': 379 }))).toBe('passed');
    expect(status('invalidations-delivered', off())).toBe('not-applicable');
    const nothingDue = {
      'due.1': 0,
      'due.2': 0,
      'due.3': 0,
      'delivered.1': 0,
      'delivered.2': 0,
      'delivered.3': 0,
    };
    expect(status('invalidations-delivered', run(nothingDue))).toBe('not-applicable');
  });

  it('no-stale-read-after-invalidation fails on a stale read served after its invalidation arrived', () => {
    expect(status('no-stale-read-after-invalidation', run({ staleAfterInvalidation: 1 }))).toBe(
      'failed',
    );
    expect(status('no-stale-read-after-invalidation', off())).toBe('not-applicable');
    expect(status('no-stale-read-after-invalidation', run({ judgedHitsOnWritten: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('staleness-ends-at-delivery fails when a window outlived its invalidation', () => {
    expect(status('staleness-ends-at-delivery', run({ 'windowsEndedBy.expire': 1 }))).toBe(
      'failed',
    );
    expect(status('staleness-ends-at-delivery', run({ windowsOpenAtEnd: 2 }))).toBe('failed');
    expect(status('staleness-ends-at-delivery', off())).toBe('not-applicable');
    const noWindows = {
      'windowsEndedBy.invalidation': 0,
      'windowsEndedBy.evict': 0,
      'windowsEndedBy.refresh': 0,
    };
    expect(status('staleness-ends-at-delivery', run(noWindows))).toBe('not-applicable');
  });

  it('reads-add-up fails when the levels and the origin do not account for every read', () => {
    expect(status('reads-add-up', run({ originLoads: 451 }))).toBe('failed');
    expect(status('reads-add-up', run({}, { l2Hits: 1349 }))).toBe('failed');
    expect(status('reads-add-up', run({ originLoads: 0 }, { reads: 0 }))).toBe('not-applicable');
  });
});
