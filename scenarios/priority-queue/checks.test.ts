// Each check on made-up numbers: it fails when the consumer's counts and RabbitMQ's disagree or
// the priorities were not honoured, and says not applicable where the params rule it out.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { resolveParams } from '../src/sdk/params.ts';
import { priorityChecks } from './checks.ts';
import { priorityQueueParams } from './params.ts';
import type { PriorityQueueParams } from './params.ts';

/** A consistent run: 400 confirmed over 3 levels, all delivered, a backlog of 150 at most. */
function run(
  facts: RunFacts = {},
  summary: Record<string, number> = {},
  p: Partial<PriorityQueueParams> = {},
): FinishedRun<PriorityQueueParams> {
  return {
    params: resolveParams(priorityQueueParams, p),
    summary: { 'wait.p2.p50': 7, 'wait.p0.p50': 900, ...summary },
    facts: {
      'confirmed.p0': 230,
      'delivered.p0': 230,
      'confirmed.p1': 115,
      'delivered.p1': 115,
      'confirmed.p2': 55,
      'delivered.p2': 55,
      confirmedCount: 400,
      missing: 0,
      depthAfterClose: 0,
      duplicates: 0,
      maxDepth: 150,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<PriorityQueueParams>): string => {
  const check = priorityChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('priority-queue checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of priorityChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when a priority got other than RabbitMQ confirmed, or a lacked message is gone', () => {
    expect(
      status('every-message-accounted', run({ 'delivered.p2': 54, 'delivered.p1': 116 })),
    ).toBe('failed');
    expect(status('every-message-accounted', run({ missing: 5, depthAfterClose: 2 }))).toBe(
      'failed',
    );
    expect(status('every-message-accounted', run({ duplicates: 1 }))).toBe('failed');
    // Late, not lost: five still queued, and no level got more than it was owed.
    expect(
      status(
        'every-message-accounted',
        run({ missing: 5, depthAfterClose: 5, 'delivered.p0': 225 }),
      ),
    ).toBe('passed');
    expect(status('every-message-accounted', run({ depthAfterClose: 'n/a' }))).toBe('failed');
  });

  it('fails when the highest priority waited as long as the lowest', () => {
    expect(status('high-priority-waits-less', run({}, { 'wait.p2.p50': 950 }))).toBe('failed');
  });

  it('is not applicable for a plain queue, without a backlog, or with nothing confirmed', () => {
    expect(status('high-priority-waits-less', run({}, {}, { priorityQueue: false }))).toBe(
      'not-applicable',
    );
    expect(status('high-priority-waits-less', run({ maxDepth: 3 }))).toBe('not-applicable');
    expect(status('every-message-accounted', run({ confirmedCount: 0 }))).toBe('not-applicable');
  });
});
