// Each check on made-up numbers: it fails when the clients and Redis disagree, and says not
// applicable, never passed, when nothing was published or nothing happened for it to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { pubsubVsStreamsChecks } from './checks.ts';
import type { PubsubVsStreamsParams } from './params.ts';

const params: PubsubVsStreamsParams = {
  eventsPerSec: 200,
  consumers: 2,
  workMs: 100,
  disconnectEverySec: 4,
  awaySec: 1.5,
  crashConsumerEverySec: 3,
};

/** A consistent 8 s run: 1600 published, 400 sent while the subscriber was away, 60 claimed. */
function run(
  facts: RunFacts = {},
  summary: Record<string, number> = {},
): FinishedRun<PubsubVsStreamsParams> {
  return {
    params,
    summary: { published: 1600, 'received.pubsub': 1200, 'received.stream': 1600, ...summary },
    facts: {
      published: 1600,
      pubsubDeliveries: 1200,
      pubsubUnheard: 400,
      pubsubMissed: 400,
      pubsubUnheardReceived: 0,
      streamEntriesAdded: 1600,
      streamLength: 1600,
      streamPending: 0,
      streamAcked: 1600,
      workersProcessed: 1600,
      workersDuplicates: 0,
      workersUnacked: 0,
      abandoned: 60,
      claimed: 60,
      pendingDroppedWithConsumers: 0,
      ...facts,
    },
    durationMs: 8000,
  };
}

const status = (id: string, r: FinishedRun<PubsubVsStreamsParams>): string => {
  const check = pubsubVsStreamsChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('pubsub-vs-streams checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of pubsubVsStreamsChecks)
      expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('are not applicable, never passed, when nothing was published', () => {
    const idle = run({
      published: 0,
      pubsubDeliveries: 0,
      pubsubUnheard: 0,
      pubsubMissed: 0,
      streamEntriesAdded: 0,
      streamLength: 0,
      streamAcked: 0,
      workersProcessed: 0,
      abandoned: 0,
      claimed: 0,
    });
    for (const check of pubsubVsStreamsChecks)
      expect(status(check.id, idle), check.id).toBe('not-applicable');
  });

  it('fail when the run ended before Redis was asked', () => {
    const early = run();
    for (const key of ['pubsubDeliveries', 'pubsubMissed', 'streamEntriesAdded', 'streamPending'])
      delete early.facts[key];
    delete early.facts.abandoned;
    for (const check of pubsubVsStreamsChecks)
      expect(status(check.id, early), check.id).toBe('failed');
  });

  it('pubsub-received-what-redis-delivered fails when the subscriber got fewer than Redis sent it', () => {
    expect(
      status('pubsub-received-what-redis-delivered', run({}, { 'received.pubsub': 1199 })),
    ).toBe('failed');
  });

  it('pubsub-lost-what-was-sent-while-away fails on a loss Redis did not report, and does not apply without an absence', () => {
    const id = 'pubsub-lost-what-was-sent-while-away';
    expect(status(id, run({ pubsubMissed: 401 }))).toBe('failed');
    expect(status(id, run({ pubsubUnheardReceived: 1 }))).toBe('failed');
    expect(status(id, run({ pubsubUnheard: 0, pubsubMissed: 3 }))).toBe('failed');
    expect(status(id, run({ pubsubUnheard: 0, pubsubMissed: 0 }))).toBe('not-applicable');
  });

  it('stream-lost-nothing fails on an entry unprocessed, unacknowledged or never added', () => {
    expect(status('stream-lost-nothing', run({ workersProcessed: 1599 }))).toBe('failed');
    expect(status('stream-lost-nothing', run({ streamAcked: 1599 }))).toBe('failed');
    expect(status('stream-lost-nothing', run({ streamEntriesAdded: 1599 }))).toBe('failed');
  });

  it('nothing-pending-at-end fails when Redis or a consumer still holds an entry', () => {
    expect(status('nothing-pending-at-end', run({ streamPending: 1 }))).toBe('failed');
    expect(status('nothing-pending-at-end', run({ workersUnacked: 1 }))).toBe('failed');
    expect(status('nothing-pending-at-end', run({ pendingDroppedWithConsumers: 2 }))).toBe(
      'failed',
    );
  });

  it('claimed-what-crashed-consumers-left fails when claims and abandoned entries differ, and does not apply without a crash', () => {
    const id = 'claimed-what-crashed-consumers-left';
    expect(status(id, run({ claimed: 59 }))).toBe('failed');
    expect(status(id, run({ claimed: 61 }))).toBe('failed');
    expect(status(id, run({ abandoned: 0, claimed: 0 }))).toBe('not-applicable');
  });
});
