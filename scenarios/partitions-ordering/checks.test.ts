import { describe, expect, it } from 'vitest';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { statusOf } from '../src/sdk/contract.ts';
import { partitionsOrderingChecks } from './checks.ts';
import { defaultPartition } from './murmur2.ts';
import { SPREAD, factKeys } from './order.ts';
import type { PartitionsOrderingParams } from './params.ts';

const params: PartitionsOrderingParams = {
  partitions: 4,
  keys: 4,
  keyed: true,
  hotKeyPct: 50,
  producePerSec: 400,
  consumers: 2,
  processingMs: 5,
  seed: 1,
};

const keys = ['key-0', 'key-1', 'key-2', 'key-3'];
const hot = defaultPartition('key-0', 4);
/** Log ends with the hot key's partition holding 600 and the others 100 each. */
const ends = [0, 1, 2, 3].map((n) => (n === hot ? 600 : 100));

function finished(
  facts: RunFacts,
  summary: Record<string, number> = { orderViolations: 0 },
  p: Partial<PartitionsOrderingParams> = {},
): FinishedRun<PartitionsOrderingParams> {
  const all: RunFacts = {
    readComplete: true,
    readKeyed: 900,
    readOutOfOrder: 0,
    keyedRecords: 900,
    unkeyedRecords: 0,
    hotKeyAcked: 450,
  };
  ends.forEach((e, n) => {
    all[factKeys.logEnd(n)] = e;
    all[factKeys.acked(n)] = e;
  });
  for (const key of keys) all[factKeys.keyPartition(key)] = defaultPartition(key, 4);
  return { params: { ...params, ...p }, summary, facts: { ...all, ...facts }, durationMs: 5000 };
}

const evaluate = (id: string, run: FinishedRun<PartitionsOrderingParams>): string => {
  const check = partitionsOrderingChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(run));
};

describe('partitions-ordering checks', () => {
  it('log-holds-what-was-produced fails when a partition holds other than was acknowledged', () => {
    expect(evaluate('log-holds-what-was-produced', finished({}))).toBe('passed');
    const off = finished({ [factKeys.logEnd(hot)]: 599 });
    expect(evaluate('log-holds-what-was-produced', off)).toBe('failed');
    expect(evaluate('log-holds-what-was-produced', { ...finished({}), facts: {} })).toBe('failed');
  });

  it('key-on-default-partition fails when a key is elsewhere or spread', () => {
    expect(evaluate('key-on-default-partition', finished({}))).toBe('passed');
    const moved = (defaultPartition('key-2', 4) + 1) % 4;
    const elsewhere = finished({ [factKeys.keyPartition('key-2')]: moved });
    expect(evaluate('key-on-default-partition', elsewhere)).toBe('failed');
    const spread = finished({ [factKeys.keyPartition('key-1')]: SPREAD });
    expect(evaluate('key-on-default-partition', spread)).toBe('failed');
    expect(evaluate('key-on-default-partition', finished({ readKeyed: 899 }))).toBe('failed');
    const none = finished({ keyedRecords: 0, unkeyedRecords: 900 });
    expect(evaluate('key-on-default-partition', none)).toBe('not-applicable');
  });

  it('per-key-order fails on a violation seen by the consumers or found in the log', () => {
    expect(evaluate('per-key-order', finished({}))).toBe('passed');
    expect(evaluate('per-key-order', finished({}, { orderViolations: 1 }))).toBe('failed');
    expect(evaluate('per-key-order', finished({ readOutOfOrder: 2 }))).toBe('failed');
    const unkeyed = finished({ unkeyedRecords: 300 }, { orderViolations: 80 });
    expect(evaluate('per-key-order', unkeyed)).toBe('not-applicable');
  });

  it("hot-key-partition fails when the hot key's partition is not the busiest", () => {
    expect(evaluate('hot-key-partition', finished({}))).toBe('passed');
    const other = (hot + 1) % 4;
    const elsewhere = finished({ [factKeys.logEnd(hot)]: 100, [factKeys.logEnd(other)]: 600 });
    expect(evaluate('hot-key-partition', elsewhere)).toBe('failed');
    expect(evaluate('hot-key-partition', finished({ hotKeyAcked: 700 }))).toBe('failed');
    expect(evaluate('hot-key-partition', finished({}, {}, { hotKeyPct: 0 }))).toBe(
      'not-applicable',
    );
  });
});
