// Each check on made-up numbers: it fails when the client and the server disagree.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { dataStructuresChecks } from './checks.ts';
import { dataStructuresParams } from './params.ts';
import type { DataStructuresParams } from './params.ts';

const params = Value.Default(dataStructuresParams, {}) as DataStructuresParams;

function run(facts: RunFacts = {}): FinishedRun<DataStructuresParams> {
  return {
    params,
    summary: {},
    facts: {
      'memoryUsage.json': 1_000_000,
      'infoDelta.json': 1_040_000,
      'memoryUsage.hash': 900_000,
      'infoDelta.hash': 950_000,
      'memoryUsage.bucketed': 800_000,
      'infoDelta.bucketed': 810_000,
      'encodings.json': 'raw 2000',
      'predicted.json': 'raw 2000',
      'encodings.hash': 'listpack 2000',
      'predicted.hash': 'listpack 2000',
      'encodings.bucketed': 'listpack 40',
      'predicted.bucketed': 'listpack 40',
      thresholds: 'entries 512, value 64 B',
      freshReadObjects: 1000,
      updatedFields: 300,
      'freshReadMismatches.json': 0,
      'freshReadMismatches.hash': 0,
      'freshReadMismatches.bucketed': 0,
      ...facts,
    },
    durationMs: 3000,
  };
}

const status = (id: string, r: FinishedRun<DataStructuresParams>): string => {
  const check = dataStructuresChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('data-structures checks', () => {
  it('pass on consistent numbers', () => {
    for (const c of dataStructuresChecks) expect(status(c.id, run()), c.id).toBe('passed');
  });

  it('fail when MEMORY USAGE and INFO are far apart', () => {
    // Half the keys left out of the sum.
    expect(status('memory-usage-matches-info', run({ 'memoryUsage.hash': 475_000 }))).toBe(
      'failed',
    );
    expect(status('memory-usage-matches-info', run({ 'infoDelta.bucketed': 1_100_000 }))).toBe(
      'failed',
    );
  });

  it('fail when an encoding differs from the prediction', () => {
    expect(status('encodings-as-predicted', run({ 'encodings.hash': 'hashtable 2000' }))).toBe(
      'failed',
    );
    expect(
      status('encodings-as-predicted', run({ 'encodings.bucketed': 'hashtable 1, listpack 39' })),
    ).toBe('failed');
    expect(status('encodings-as-predicted', run({ 'predicted.json': 'embstr 2000' }))).toBe(
      'failed',
    );
  });

  it('fail when a fresh read differs from the writes', () => {
    expect(status('layouts-hold-the-writes', run({ 'freshReadMismatches.json': 1 }))).toBe(
      'failed',
    );
  });

  it('fail, not pass, when the run ended before it measured', () => {
    const bare: FinishedRun<DataStructuresParams> = { ...run(), facts: {} };
    for (const c of dataStructuresChecks) expect(status(c.id, bare), c.id).toBe('failed');
  });
});
