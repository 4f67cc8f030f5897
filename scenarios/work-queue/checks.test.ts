// Each check on made-up numbers: it fails when the workers' counts and RabbitMQ's disagree, and
// says not applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { resolveParams } from '../src/sdk/params.ts';
import { workQueueChecks } from './checks.ts';
import { workQueueParams } from './params.ts';
import type { WorkQueueParams } from './params.ts';

/** A consistent run: 300 confirmed, 290 processed, 10 returned to the queue at the end. */
function run(facts: RunFacts = {}, p: Partial<WorkQueueParams> = {}): FinishedRun<WorkQueueParams> {
  return {
    params: resolveParams(workQueueParams, { prefetch: 10, ...p }),
    summary: {},
    facts: {
      confirmedCount: 300,
      processedCount: 290,
      depthAfterClose: 10,
      duplicates: 0,
      redelivered: 0,
      'maxHeld.w1': 10,
      'maxHeld.w2': 4,
      'maxHeld.w3': 3,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<WorkQueueParams>): string => {
  const check = workQueueChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('work-queue checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of workQueueChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when acks and the broker depth do not add up to the confirms', () => {
    expect(status('every-job-accounted', run({ depthAfterClose: 4 }))).toBe('failed');
    expect(status('every-job-accounted', run({ processedCount: 295 }))).toBe('failed');
    expect(status('every-job-accounted', run({ duplicates: 1, processedCount: 291 }))).toBe(
      'failed',
    );
    expect(status('every-job-accounted', run({ redelivered: 2 }))).toBe('failed');
    expect(status('every-job-accounted', run({ depthAfterClose: 'unknown' }))).toBe('failed');
  });

  it('fail when a worker held more than the prefetch', () => {
    expect(status('prefetch-respected', run({ 'maxHeld.w1': 11 }))).toBe('failed');
    expect(status('prefetch-respected', run({ 'maxHeld.w3': 'n/a' }))).toBe('failed');
  });

  it('are not applicable when no job was confirmed or delivered', () => {
    expect(
      status(
        'every-job-accounted',
        run({ confirmedCount: 0, processedCount: 0, depthAfterClose: 0 }),
      ),
    ).toBe('not-applicable');
    expect(
      status('prefetch-respected', run({ 'maxHeld.w1': 0, 'maxHeld.w2': 0, 'maxHeld.w3': 0 })),
    ).toBe('not-applicable');
  });
});
