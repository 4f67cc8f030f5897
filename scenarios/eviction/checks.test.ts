// Each check on made-up numbers: it fails when the readers and the server disagree, and says
// not applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { evictionChecks } from './checks.ts';
import type { EvictionParams } from './params.ts';
import { Value } from '@sinclair/typebox/value';
import { evictionParams } from './params.ts';

const params = Value.Default(evictionParams, {}) as EvictionParams;

function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
): FinishedRun<EvictionParams> {
  return {
    params,
    summary: { hits: 700, misses: 300, fills: 2300, oomErrors: 0, ...summary },
    facts: {
      keyspaceHits: 700,
      keyspaceMisses: 300,
      evictedKeys: 200,
      expiredKeys: 100,
      dbsize: 2000,
      oomReplies: 0,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<EvictionParams>): string => {
  const check = evictionChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('eviction checks', () => {
  it('pass on consistent numbers', () => {
    expect(status('hits-match-server', run())).toBe('passed');
    expect(status('keys-accounted', run())).toBe('passed');
    expect(status('refusals-match-server', run({ oomErrors: 5 }, { oomReplies: 5 }))).toBe(
      'passed',
    );
  });

  it('fail when the readers and INFO disagree', () => {
    expect(status('hits-match-server', run({ hits: 701 }))).toBe('failed');
    expect(status('hits-match-server', run({}, { keyspaceMisses: 299 }))).toBe('failed');
    expect(status('keys-accounted', run({}, { evictedKeys: 150 }))).toBe('failed');
    expect(status('keys-accounted', run({}, { dbsize: 2001 }))).toBe('failed');
    expect(status('refusals-match-server', run({ oomErrors: 5 }, { oomReplies: 7 }))).toBe(
      'failed',
    );
    expect(status('refusals-match-server', run({ oomErrors: 0 }, { oomReplies: 3 }))).toBe(
      'failed',
    );
  });

  it('are not applicable when there was nothing to compare', () => {
    expect(status('hits-match-server', run({ hits: 0, misses: 0 }))).toBe('not-applicable');
    expect(status('keys-accounted', run({ fills: 0 }))).toBe('not-applicable');
    expect(status('refusals-match-server', run())).toBe('not-applicable');
  });
});
