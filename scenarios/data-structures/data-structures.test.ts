import { expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  framesBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import scenario from './scenario.ts';

function expectHonest(run: FinishedRunView): void {
  expect(run.state, run.error).toBe('completed');
  for (const id of [
    'memory-usage-matches-info',
    'encodings-as-predicted',
    'layouts-hold-the-writes',
  ]) {
    expect(checkOf(run, id).status, checkOf(run, id).detail).toBe('passed');
  }
}

const valuesBetween = (run: FinishedRunView, fromMs: number, toMs: number) => {
  const frame = framesBetween(run, fromMs, toMs).at(-1);
  if (frame === undefined) throw new Error(`no frame between ${fromMs} and ${toMs} ms`);
  return (key: string): number => frame.values[key] ?? Number.NaN;
};

it('hashes stay small as listpacks, and grow past the JSON once a value crosses hash-max-listpack-value', async () => {
  const run = await runScenario(scenario, {
    durationSec: 3.5,
    onStart: (r) => setTimeout(() => r.updateParams({ valueBytes: 80 }), 1500),
  });
  expectHonest(run);
  const before = valuesBetween(run, 500, 1400);
  expect(before('listpack.hash')).toBe(1);
  expect(before('memory.hash')).toBeLessThan(before('memory.json'));
  expect(before('memory.bucketed')).toBeLessThan(before('memory.hash'));
  const after = valuesBetween(run, 2500, 3500);
  expect(after('listpack.hash')).toBe(0);
  expect(after('listpack.bucketed')).toBe(0);
  expect(after('memory.hash')).toBeGreaterThan(after('memory.json') * 1.2);
  // One field of a JSON string costs a read and a write of the whole string.
  expect(summaryOf(run, 'update.json.p50')).toBeGreaterThan(summaryOf(run, 'update.hash.p50'));
  expect(summaryOf(run, 'updates')).toBeGreaterThan(50);
  await expectGoneFromBrokers(run);
}, 15_000);

it('buckets save most on tiny objects, and cost most once a bucket outgrows hash-max-listpack-entries', async () => {
  const tiny = await runScenario(scenario, {
    durationSec: 1.5,
    params: { fields: 1, bucketObjects: 100 },
  });
  expectHonest(tiny);
  expect(summaryOf(tiny, 'memory.bucketed')).toBeLessThan(summaryOf(tiny, 'memory.hash') / 2);

  const crowded = await runScenario(scenario, {
    durationSec: 1.5,
    params: { listpackEntries: 128 },
  });
  expectHonest(crowded);
  expect(summaryOf(crowded, 'listpack.bucketed')).toBe(0);
  expect(summaryOf(crowded, 'listpack.hash')).toBe(1);
  expect(summaryOf(crowded, 'memory.bucketed')).toBeGreaterThan(
    summaryOf(crowded, 'memory.hash') * 2,
  );
  for (const run of [tiny, crowded]) await expectGoneFromBrokers(run);
}, 15_000);
