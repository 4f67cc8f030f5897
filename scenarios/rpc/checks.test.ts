// Each check on made-up numbers: it fails when the servers' log, the clients' records and
// RabbitMQ disagree, and says not applicable, never passed, when nothing timed out.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { rpcChecks } from './checks.ts';
import type { RpcParams } from './params.ts';

const params: RpcParams = {
  clients: 2,
  servers: 3,
  requestsPerSec: 100,
  serviceTimeMs: 5,
  slowServerDelayMs: 1500,
  timeoutMs: 1000,
  prefetch: 1,
};

/** A consistent run: 400 requests, 4 of them timed out and answered late. */
function run(summary: Record<string, number> = {}, facts: RunFacts = {}): FinishedRun<RpcParams> {
  return {
    params,
    summary: { requests: 400, replies: 396, timeouts: 4, lateReplies: 4, ...summary },
    facts: {
      requestsConfirmed: 400,
      requestQueueDepth: 0,
      serversReceived: 400,
      serversAnswered: 400,
      serversAnsweredTwice: 0,
      clientsReceived: 400,
      answeredNotReceived: 0,
      receivedNotAnswered: 0,
      duplicateReplies: 0,
      wrongBodies: 0,
      unknownReplies: 0,
      answeredAfterTimeout: 4,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<RpcParams>): string => {
  const check = rpcChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('rpc checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of rpcChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when a confirmed request reached no server and is not in the queue either', () => {
    expect(status('every-request-reached-a-server', run({}, { serversReceived: 398 }))).toBe(
      'failed',
    );
    // Still queued is late, not lost.
    expect(
      status(
        'every-request-reached-a-server',
        run({}, { serversReceived: 398, requestQueueDepth: 2 }),
      ),
    ).toBe('passed');
  });

  it('fail when a reply the servers logged never reached its client, came twice or carried another answer', () => {
    const id = 'every-reply-matched-once';
    expect(status(id, run({ replies: 395 }, { answeredNotReceived: 1 }))).toBe('failed');
    expect(status(id, run({}, { duplicateReplies: 1 }))).toBe('failed');
    expect(status(id, run({}, { wrongBodies: 3 }))).toBe('failed');
    expect(status(id, run({}, { serversAnsweredTwice: 1 }))).toBe('failed');
    expect(status(id, run({}, { unknownReplies: 1 }))).toBe('failed');
    // The clients counted more replies than the servers sent.
    expect(status(id, run({ replies: 397 }))).toBe('failed');
  });

  it('fail when a late reply was matched as if in time, or a timed-out request went unanswered', () => {
    // One reply to a timed-out request counted as a match.
    expect(status('late-replies-discarded', run({ replies: 397, lateReplies: 3 }))).toBe('failed');
    expect(status('timed-out-work-still-done', run({}, { answeredAfterTimeout: 3 }))).toBe(
      'failed',
    );
  });

  it('are not applicable when nothing timed out or nothing was sent', () => {
    const calm = run({ replies: 400, timeouts: 0, lateReplies: 0 }, { answeredAfterTimeout: 0 });
    expect(status('late-replies-discarded', calm)).toBe('not-applicable');
    expect(status('timed-out-work-still-done', calm)).toBe('not-applicable');
    expect(status('every-reply-matched-once', calm)).toBe('passed');
    const idle = run(
      { requests: 0, replies: 0, timeouts: 0, lateReplies: 0 },
      {
        requestsConfirmed: 0,
        serversReceived: 0,
        serversAnswered: 0,
        clientsReceived: 0,
        answeredAfterTimeout: 0,
      },
    );
    for (const check of rpcChecks) expect(status(check.id, idle), check.id).toBe('not-applicable');
  });

  it('fail, not pass, when the run ended before the final count', () => {
    const early: FinishedRun<RpcParams> = { ...run(), facts: {} };
    for (const check of rpcChecks) expect(status(check.id, early), check.id).toBe('failed');
  });
});
