import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { compactionChecks } from './checks.ts';
import type { CompactionParams } from './params.ts';

const params: CompactionParams = {
  keys: 20,
  producePerSec: 200,
  tombstonePct: 5,
  segmentMs: 1000,
  minCleanableDirtyRatio: 0.01,
  deleteRetentionMs: 2000,
  minCompactionLagMs: 0,
  seed: 1,
};

const agreeing: RunFacts = {
  readComplete: true,
  producerLive: 20,
  producerDigest: 'aaaa',
  readLive: 20,
  readDigest: 'aaaa',
  finalRecords: 26,
  finalDuplicates: 0,
  finalStale: 0,
  compactedWithinMs: 400,
  oldTombstones: 12,
  oldTombstonesInLog: 0,
};

function finished(
  facts: RunFacts,
  written = 1600,
  p: Partial<CompactionParams> = {},
): FinishedRun<CompactionParams> {
  return {
    params: { ...params, ...p },
    summary: { written },
    facts: { ...agreeing, ...facts },
    durationMs: 8000,
  };
}

const evaluate = (id: string, run: FinishedRun<CompactionParams>): string => {
  const check = compactionChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('compaction checks', () => {
  it('latest-value-per-key fails when the read and the producer disagree', () => {
    expect(evaluate('latest-value-per-key', finished({}))).toBe('passed');
    expect(evaluate('latest-value-per-key', finished({ readDigest: 'bbbb' }))).toBe('failed');
    expect(evaluate('latest-value-per-key', finished({ readLive: 19 }))).toBe('failed');
    expect(evaluate('latest-value-per-key', finished({ readComplete: false }))).toBe('failed');
    expect(evaluate('latest-value-per-key', finished({}, 0))).toBe('not-applicable');
    const empty: FinishedRun<CompactionParams> = { ...finished({}), facts: {} };
    expect(evaluate('latest-value-per-key', empty)).toBe('failed');
  });

  it('one-record-per-key fails on duplicates or stale values left in the log', () => {
    expect(evaluate('one-record-per-key', finished({}))).toBe('passed');
    expect(evaluate('one-record-per-key', finished({ finalDuplicates: 3, finalStale: 3 }))).toBe(
      'failed',
    );
    expect(evaluate('one-record-per-key', finished({ finalStale: 1 }))).toBe('failed');
    expect(evaluate('one-record-per-key', finished({}, 26))).toBe('not-applicable');
    const lagged = finished({ finalDuplicates: 40 }, 1600, { minCompactionLagMs: 5000 });
    expect(evaluate('one-record-per-key', lagged)).toBe('not-applicable');
  });

  it('tombstones-expire fails when an old delete is still in the log', () => {
    expect(evaluate('tombstones-expire', finished({}))).toBe('passed');
    expect(evaluate('tombstones-expire', finished({ oldTombstonesInLog: 2 }))).toBe('failed');
    expect(evaluate('tombstones-expire', finished({ oldTombstones: 0 }))).toBe('not-applicable');
  });
});
