// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { acksChecks } from './checks.ts';
import type { AcksParams } from './params.ts';

const params: AcksParams = {
  ackMode: 'manual',
  messagesPerSec: 100,
  consumers: 2,
  processingMs: 25,
  prefetch: 10,
  crashEverySec: 3,
};

/** A consistent manual-ack run: 600 confirmed, 2 crashes requeued 20, all redelivered. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<AcksParams> = {},
): FinishedRun<AcksParams> {
  return {
    params: { ...params, ...p },
    summary: { requeued: 20, duplicates: 20, lost: 0, ...summary },
    facts: {
      confirmedCount: 600,
      unprocessed: 0,
      finalQueueDepth: 0,
      crashes: 2,
      redeliveredFlagged: 20,
      ...facts,
    },
    durationMs: 6000,
  };
}

/** A consistent auto-ack run: the 2 crashes caught 50 unprocessed, all gone. */
const auto = (summary: Record<string, number> = {}, facts: RunFacts = {}) =>
  run(
    { requeued: 0, duplicates: 0, lost: 50, ...summary },
    { unprocessed: 50, redeliveredFlagged: 0, ...facts },
    { ackMode: 'auto' },
  );

const status = (id: string, r: FinishedRun<AcksParams>): string => {
  const check = acksChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('acks-redelivery checks', () => {
  it('pass on consistent numbers, and leave the other mode’s check not applicable', () => {
    expect(status('manual-ack-loses-nothing', run())).toBe('passed');
    expect(status('redelivered-are-the-unacked', run())).toBe('passed');
    expect(status('auto-ack-loses-what-was-in-flight', run())).toBe('not-applicable');
    expect(status('auto-ack-loses-what-was-in-flight', auto())).toBe('passed');
    expect(status('redelivered-are-the-unacked', auto())).toBe('passed');
    expect(status('manual-ack-loses-nothing', auto())).toBe('not-applicable');
  });

  it('manual-ack-loses-nothing fails when a confirmed message is neither processed nor queued', () => {
    expect(
      status('manual-ack-loses-nothing', run({}, { unprocessed: 3, finalQueueDepth: 1 })),
    ).toBe('failed');
    // Unprocessed but still in RabbitMQ's queue is late, not lost.
    expect(
      status('manual-ack-loses-nothing', run({}, { unprocessed: 3, finalQueueDepth: 3 })),
    ).toBe('passed');
    expect(status('manual-ack-loses-nothing', run({}, { confirmedCount: 0 }))).toBe(
      'not-applicable',
    );
    expect(status('manual-ack-loses-nothing', run({}, { finalQueueDepth: 'x' }))).toBe('failed');
  });

  it('auto-ack-loses-what-was-in-flight fails when the loss differs from what the crashes held', () => {
    expect(status('auto-ack-loses-what-was-in-flight', auto({ lost: 49 }))).toBe('failed');
    expect(status('auto-ack-loses-what-was-in-flight', auto({}, { unprocessed: 52 }))).toBe(
      'failed',
    );
    expect(status('auto-ack-loses-what-was-in-flight', auto({ lost: 0 }, { crashes: 0 }))).toBe(
      'not-applicable',
    );
  });

  it('redelivered-are-the-unacked fails when RabbitMQ’s flags or the duplicates differ from the unacked', () => {
    expect(status('redelivered-are-the-unacked', run({}, { redeliveredFlagged: 19 }))).toBe(
      'failed',
    );
    expect(status('redelivered-are-the-unacked', run({ duplicates: 21 }))).toBe('failed');
    expect(status('redelivered-are-the-unacked', auto({}, { redeliveredFlagged: 1 }))).toBe(
      'failed',
    );
    expect(
      status('redelivered-are-the-unacked', run({ requeued: 0, duplicates: 0 }, { crashes: 0 })),
    ).toBe('not-applicable');
  });
});
