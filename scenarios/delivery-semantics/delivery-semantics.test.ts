import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { DeliveryMode } from './params.ts';
import deliverySemantics from './scenario.ts';

// 300 records/s and a crash every 150 records: about five crashes in 3 s, each in mid-chunk.
const run = (mode: DeliveryMode) =>
  runScenario(deliverySemantics, {
    durationSec: 3,
    params: { mode, inputPerSec: 300, crashEvery: 150, commitEvery: 20 },
  });

const passedAll = (r: Awaited<ReturnType<typeof run>>): void => {
  expect(r.error).toBeUndefined();
  expect(r.state).toBe('completed');
  for (const check of r.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
  }
  expect(summaryOf(r, 'crashes')).toBeGreaterThanOrEqual(2);
  expect(summaryOf(r, 'input')).toBeGreaterThan(600);
};

describe('delivery-semantics on Kafka', () => {
  it('at-least-once loses nothing and duplicates what was written but not committed', async () => {
    const r = await run('at-least-once');
    passedAll(r);
    expect(summaryOf(r, 'lost')).toBe(0);
    expect(summaryOf(r, 'duplicates')).toBeGreaterThan(0);
    expect(summaryOf(r, 'duplicates')).toBe(summaryOf(r, 'redone'));
    expect(checkOf(r, 'duplicates-are-the-redone').status).toBe('passed');
    expect(checkOf(r, 'no-duplicates').status).toBe('not-applicable');
    await expectGoneFromBrokers(r);
  });

  it('at-most-once duplicates nothing and loses what it committed but never processed', async () => {
    const r = await run('at-most-once');
    passedAll(r);
    expect(summaryOf(r, 'duplicates')).toBe(0);
    expect(summaryOf(r, 'lost')).toBeGreaterThan(0);
    expect(summaryOf(r, 'lost')).toBe(summaryOf(r, 'skipped'));
    expect(checkOf(r, 'losses-are-the-skipped').status).toBe('passed');
    expect(checkOf(r, 'no-loss').status).toBe('not-applicable');
    await expectGoneFromBrokers(r);
  });

  it('exactly-once neither loses nor duplicates; aborted records sit in the log, hidden', async () => {
    const r = await run('exactly-once');
    passedAll(r);
    expect(summaryOf(r, 'lost')).toBe(0);
    expect(summaryOf(r, 'duplicates')).toBe(0);
    const hidden = Number(r.facts.rawRecords) - Number(r.facts.outputRecords);
    expect(summaryOf(r, 'aborted')).toBeGreaterThan(0);
    expect(hidden).toBe(summaryOf(r, 'aborted'));
    for (const id of ['no-loss', 'no-duplicates', 'aborted-hidden']) {
      expect(checkOf(r, id).status, id).toBe('passed');
    }
    await expectGoneFromBrokers(r);
  });
});
