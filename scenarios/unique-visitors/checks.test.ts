// Each check on made-up numbers: it fails when Redis and the client disagree, and says not
// applicable, never passed, when no visit reached Redis.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { HLL_MAX_BYTES, uniqueVisitorsChecks } from './checks.ts';
import type { UniqueVisitorsParams } from './params.ts';

const params: UniqueVisitorsParams = {
  visitsPerSec: 5000,
  population: 1_000_000,
  idSpacing: 1,
  seed: 42,
};

/** A consistent run: 20,000 different visitors, the largest id 999,999. */
function run(facts: RunFacts = {}): FinishedRun<UniqueVisitorsParams> {
  return {
    params,
    summary: { visits: 20_200 },
    facts: {
      scard: 20_000,
      pfcount: 20_150,
      bitcount: 20_000,
      bytesSet: 1_000_000,
      bytesHll: 14_408,
      bytesBitmap: 262_216,
      bitmapLength: 125_000,
      clientDistinct: 20_000,
      clientMaxOffset: 999_999,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<UniqueVisitorsParams>): string => {
  const check = uniqueVisitorsChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('unique-visitors checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of uniqueVisitorsChecks)
      expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('are not applicable, never passed, when no visit reached Redis', () => {
    const idle = run({
      scard: 0,
      pfcount: 0,
      bitcount: 0,
      bytesSet: 0,
      bytesHll: 0,
      bytesBitmap: 0,
      bitmapLength: 0,
      clientDistinct: 0,
      clientMaxOffset: -1,
    });
    for (const check of uniqueVisitorsChecks)
      expect(status(check.id, idle), check.id).toBe('not-applicable');
  });

  it('fail when the run ended before Redis was read', () => {
    const early = run();
    delete early.facts.scard;
    delete early.facts.pfcount;
    delete early.facts.bitcount;
    delete early.facts.bytesHll;
    delete early.facts.bitmapLength;
    for (const check of uniqueVisitorsChecks)
      expect(status(check.id, early), check.id).toBe('failed');
  });

  it('set and bitmap counts fail when Redis holds one visitor more or less than the client sent', () => {
    expect(status('set-counts-every-visitor', run({ scard: 19_999 }))).toBe('failed');
    expect(status('set-counts-every-visitor', run({ scard: 20_001 }))).toBe('failed');
    expect(status('bitmap-counts-every-visitor', run({ bitcount: 19_999 }))).toBe('failed');
  });

  it('hll-within-error fails beyond 2.5% either way', () => {
    expect(status('hll-within-error', run({ pfcount: 20_500 }))).toBe('passed');
    expect(status('hll-within-error', run({ pfcount: 20_501 }))).toBe('failed');
    expect(status('hll-within-error', run({ pfcount: 19_499 }))).toBe('failed');
  });

  it('hll-memory-bounded fails when the HyperLogLog takes more than 16 KB', () => {
    expect(status('hll-memory-bounded', run({ bytesHll: HLL_MAX_BYTES + 1 }))).toBe('failed');
  });

  it("bitmap-size-follows-largest-id fails when STRLEN does not match the largest id's byte", () => {
    expect(status('bitmap-size-follows-largest-id', run({ bitmapLength: 125_001 }))).toBe('failed');
    expect(status('bitmap-size-follows-largest-id', run({ clientMaxOffset: 1_000_000 }))).toBe(
      'failed',
    );
  });
});
