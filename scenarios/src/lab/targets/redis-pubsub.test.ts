import { describe, expect, it } from 'vitest';
import { checkWorkload } from '../workload.ts';
import { findWorkload } from '../workloads.ts';
import { redisPubsubTarget } from './redis-pubsub.ts';
import { shortRun, testContext } from './target-test-kit.ts';
import { RespConnection } from './resp-wire.ts';
import { addressesFromEnv } from '../../engine/addresses.ts';

const shipped = (name: string) => {
  const w = findWorkload(name);
  if (w === undefined) throw new Error(`no shipped workload ${name}`);
  return w;
};

/** Channels with at least one subscriber whose name starts with the run's prefix. */
async function channelsOf(prefix: string): Promise<number> {
  const redis = await RespConnection.open({ url: addressesFromEnv().redisUrl, name: 'probe' });
  try {
    const reply = await redis.call(['PUBSUB', 'CHANNELS', `${prefix}*`]);
    return Array.isArray(reply) ? reply.length : -1;
  } finally {
    redis.close();
  }
}

describe('redis-pubsub plan', () => {
  it('refuses a backlog, with the reason', () => {
    const plan = redisPubsubTarget.plan(shipped('backlog-drain'));
    expect(plan.unsupported).toMatch(/keeps nothing/);
    expect(redisPubsubTarget.plan(shipped('tiny-max')).unsupported).toBeUndefined();
  });

  it('says durability cannot be had and shared subscriptions do not exist', () => {
    const durable = redisPubsubTarget.plan(shipped('durable')).cannot.join('\n');
    expect(durable).toMatch(/persistent \/ fsync → pub\/sub writes nothing/);
    const work = redisPubsubTarget.plan(shipped('work-queue-slow')).cannot.join('\n');
    expect(work).toMatch(/cannot share a subscription.*3 consumer\(s\) are left idle/);
    const fanout = redisPubsubTarget.plan(shipped('fanout-8')).mapping.join('\n');
    expect(fanout).toMatch(/8 SUBSCRIBE connection\(s\) per channel/);
  });
});

describe('redis-pubsub target, live', () => {
  it('hands every published message to each subscriber once, and leaves no channel', async () => {
    const workload = checkWorkload({
      name: 'pubsub-live',
      description: '',
      messageSize: 128,
      producersPerTopic: 2,
      subscriptionsPerTopic: 2,
      consumerPerSubscription: 2,
      producerRate: 2_000,
      testDurationSeconds: 2,
    });
    const ctx = testContext(workload, redisPubsubTarget);
    const run = await shortRun(redisPubsubTarget, ctx, { produceMs: 2_000 });
    expect(run.producers.every((p) => p.counts.errors === 0)).toBe(true);
    expect(run.acked).toBeGreaterThan(3_000);
    for (const sub of run.subscriptions) {
      expect(sub.missing).toBe(0);
      expect(sub.duplicates).toBe(0);
      expect(sub.received).toBe(run.acked);
      // The second member of each subscription did not subscribe: it would double everything.
      expect(sub.consumers.map((c) => c.received)).toEqual([run.acked, 0]);
      expect(sub.consumers[0]?.endToEnd.summary().p50).toBeLessThan(500);
    }
    expect(await channelsOf(`pg:${ctx.names.runId}:`)).toBe(0);
  }, 20_000);

  it('loses what a subscriber that fell behind was sent, and the counts show the holes', async () => {
    // 256 KB messages at 400/s (up to 100 MB/s) to a subscriber that spends 20 ms on each
    // (12.5 MB/s): its output buffer on the server passes the pubsub limit (32 MB on this Redis)
    // and Redis drops it; it subscribes again and reads on from what is published then. Four
    // seconds leave room for a busy machine that publishes at half the rate and whose sockets
    // absorb a few MB first.
    const workload = checkWorkload({
      name: 'pubsub-slow',
      description: '',
      messageSize: 262_144,
      producersPerTopic: 1,
      producerRate: 400,
      consumerProcessingMs: 20,
      testDurationSeconds: 4,
    });
    const ctx = testContext(workload, redisPubsubTarget);
    const run = await shortRun(redisPubsubTarget, ctx, { produceMs: 4_000, drainWithinMs: 1_000 });
    const sub = run.subscriptions[0];
    const seen = sub?.consumers[0]?.seen.get(0);
    expect(run.producers[0]?.counts.errors).toBe(0);
    expect(sub?.duplicates).toBe(0);
    // A hole: messages older than one that arrived never did. One connection delivers in
    // order, so they are lost, not late — and PUBLISH had acknowledged every one of them.
    let highest = -1;
    for (let seq = 0; seq < run.acked; seq++) if (seen?.has(seq)) highest = seq;
    let holes = 0;
    for (let seq = 0; seq < highest; seq++) if (!seen?.has(seq)) holes++;
    expect(run.producers[0]?.acked.has(highest)).toBe(true);
    expect(run.acked).toBeGreaterThan(400);
    expect(holes).toBeGreaterThan(run.acked / 4);
    expect(sub?.missing).toBeGreaterThanOrEqual(holes);
  }, 20_000);
});
