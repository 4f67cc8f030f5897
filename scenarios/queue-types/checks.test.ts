// Each check on made-up numbers: it fails when the consumers, RabbitMQ's confirms, its queue
// counts and the stream's offsets disagree, and is not applicable when there was nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { queueTypesChecks } from './checks.ts';
import type { QueueTypesParams } from './params.ts';

const params: QueueTypesParams = {
  messagesPerSec: 200,
  messageSize: 1024,
  persistent: true,
  prefetch: 100,
  replayFromOffset: 100,
};

/** A consistent run: 800 messages into each queue, replayed from offset 100. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<QueueTypesParams> = {},
): FinishedRun<QueueTypesParams> {
  const perType = (prefix: string, v: number): Record<string, number> =>
    Object.fromEntries(['classic', 'quorum', 'stream'].map((t) => [`${prefix}.${t}`, v]));
  return {
    params: { ...params, ...p },
    summary: { ...perType('throughput', 800), replayed: 700, ...summary },
    facts: {
      ...perType('confirmed', 800),
      ...perType('missing', 0),
      ...perType('duplicates', 0),
      ...perType('redelivered', 0),
      'depth.classic': 0,
      'depth.quorum': 0,
      replayStarted: true,
      replayFirstOffset: 100,
      replayLastOffset: 799,
      replayCount: 700,
      replayOutOfOrder: 0,
      replayWrongSeq: 0,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<QueueTypesParams>): string => {
  const check = queueTypesChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('queue-types checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of queueTypesChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when a consumer lacks a confirmed message or got one twice', () => {
    const id = 'every-confirmed-message-consumed';
    expect(status(id, run({ 'throughput.quorum': 790 }, { 'missing.quorum': 10 }))).toBe('failed');
    expect(status(id, run({}, { 'duplicates.stream': 1 }))).toBe('failed');
    expect(status(id, run({}, { 'redelivered.classic': 2 }))).toBe('failed');
  });

  it('fail when RabbitMQ holds other than what the consumers lack', () => {
    const id = 'queues-hold-only-the-unconsumed';
    // Consumed, yet still in the queue by RabbitMQ's count.
    expect(status(id, run({}, { 'depth.classic': 5 }))).toBe('failed');
    // Lacked by the consumer, and not in the queue either: lost.
    expect(status(id, run({}, { 'missing.quorum': 10, 'depth.quorum': 4 }))).toBe('failed');
    // Late, not lost: what the consumer lacks is still queued.
    expect(status(id, run({}, { 'missing.quorum': 10, 'depth.quorum': 10 }))).toBe('passed');
  });

  it('fail when the replay skipped, repeated or misplaced a message', () => {
    const id = 'replay-from-offset';
    expect(status(id, run({}, { replayCount: 699 }))).toBe('failed');
    expect(status(id, run({}, { replayFirstOffset: 0, replayCount: 800 }))).toBe('failed');
    expect(status(id, run({}, { replayOutOfOrder: 1 }))).toBe('failed');
    expect(status(id, run({}, { replayWrongSeq: 3 }))).toBe('failed');
  });

  it('are not applicable when nothing was confirmed or there was nothing to replay', () => {
    const zero = Object.fromEntries(
      ['classic', 'quorum', 'stream'].map((t) => [`confirmed.${t}`, 0]),
    );
    const idle = run(
      { 'throughput.classic': 0, 'throughput.quorum': 0, 'throughput.stream': 0, replayed: 0 },
      { ...zero, replayCount: 0 },
    );
    for (const check of queueTypesChecks)
      expect(status(check.id, idle), check.id).toBe('not-applicable');
    expect(status('replay-from-offset', run({}, { replayStarted: false }))).toBe('not-applicable');
    expect(status('replay-from-offset', run({}, {}, { replayFromOffset: 800 }))).toBe(
      'not-applicable',
    );
  });

  it('fail, not pass, when the run ended before the final count', () => {
    const early: FinishedRun<QueueTypesParams> = { ...run(), facts: {} };
    for (const check of queueTypesChecks) expect(status(check.id, early), check.id).toBe('failed');
  });
});
