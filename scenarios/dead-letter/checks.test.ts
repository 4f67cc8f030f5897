// Each check on made-up numbers: it fails when the two sources disagree, and says not
// applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { deadLetterChecks } from './checks.ts';
import type { DeadLetterParams } from './params.ts';

const params: DeadLetterParams = {
  messagesPerSec: 60,
  processingMs: 20,
  failureRate: 0.2,
  poisonRate: 0.02,
  maxAttempts: 3,
  retryDelayMs: 500,
  ttlShare: 0.3,
  messageTtlMs: 500,
  maxLength: 50,
  seed: 42,
};

/** A consistent run: 600 confirmed = 440 processed + 150 dead (10 + 120 + 20) + 10 parked. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<DeadLetterParams> = {},
): FinishedRun<DeadLetterParams> {
  return {
    params: { ...params, ...p },
    summary: { 'dead.rejected': 10, 'dead.expired': 120, 'dead.maxlen': 20, ...summary },
    facts: {
      confirmedCount: 600,
      processedDistinct: 440,
      'finalDepth.work': 0,
      'finalDepth.retry': 0,
      'finalDepth.dead': 150,
      'finalDepth.parked': 10,
      rejectedByWorker: 10,
      parkedByWorker: 10,
      ttlPublished: 180,
      expiredWithoutTtl: 0,
      parkedReadBack: 10,
      parkedWithFullHistory: 10,
      ...facts,
    },
    durationMs: 10_000,
  };
}

const status = (id: string, r: FinishedRun<DeadLetterParams>): string => {
  const check = deadLetterChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('dead-letter checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of deadLetterChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('every-message-accounted-for fails when the queues and the worker miss or double a message', () => {
    const id = 'every-message-accounted-for';
    expect(status(id, run({}, { processedDistinct: 439 }))).toBe('failed');
    expect(status(id, run({}, { 'finalDepth.parked': 11 }))).toBe('failed');
    // Still in the work queue when the run ended: late, and accounted for.
    expect(status(id, run({}, { processedDistinct: 438, 'finalDepth.work': 2 }))).toBe('passed');
    expect(status(id, run({}, { confirmedCount: 0 }))).toBe('not-applicable');
    expect(status(id, run({}, { 'finalDepth.retry': 'unknown' }))).toBe('failed');
  });

  it('dead-letters-by-reason-match-queue fails when x-death reasons and the queue disagree', () => {
    const id = 'dead-letters-by-reason-match-queue';
    expect(status(id, run({ 'dead.maxlen': 21 }))).toBe('failed');
    expect(status(id, run({}, { 'finalDepth.dead': 149 }))).toBe('failed');
    expect(
      status(
        id,
        run({ 'dead.rejected': 0, 'dead.expired': 0, 'dead.maxlen': 0 }, { 'finalDepth.dead': 0 }),
      ),
    ).toBe('not-applicable');
  });

  it('rejections-dead-lettered fails when x-death counts other than the worker rejected', () => {
    const id = 'rejections-dead-lettered';
    expect(status(id, run({ 'dead.rejected': 9 }))).toBe('failed');
    expect(status(id, run({ 'dead.rejected': 1 }, { rejectedByWorker: 0 }))).toBe('failed');
    expect(
      status(id, run({ 'dead.rejected': 0 }, { rejectedByWorker: 0 }, { poisonRate: 0 })),
    ).toBe('not-applicable');
  });

  it('only-ttl-messages-expired fails when a message without a TTL is given as expired', () => {
    const id = 'only-ttl-messages-expired';
    expect(status(id, run({}, { expiredWithoutTtl: 1 }))).toBe('failed');
    expect(status(id, run({ 'dead.expired': 181 }))).toBe('failed');
    expect(status(id, run({ 'dead.expired': 0 }, { ttlPublished: 0 }, { ttlShare: 0 }))).toBe(
      'not-applicable',
    );
    expect(status(id, run({ 'dead.expired': 0 }))).toBe('not-applicable');
  });

  it('parked-after-max-attempts fails when the parking lot or the x-death history disagrees', () => {
    const id = 'parked-after-max-attempts';
    expect(status(id, run({}, { 'finalDepth.parked': 9 }))).toBe('failed');
    expect(status(id, run({}, { parkedWithFullHistory: 9 }))).toBe('failed');
    expect(status(id, run({}, { parkedReadBack: 8, parkedWithFullHistory: 8 }))).toBe('failed');
    expect(
      status(id, run({}, { parkedByWorker: 0, 'finalDepth.parked': 0 }, { failureRate: 0 })),
    ).toBe('not-applicable');
  });
});
