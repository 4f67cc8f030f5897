import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../../engine/addresses.ts';
import { expectGoneFromBrokers } from '../../testing/index.ts';
import { checkWorkload } from '../workload.ts';
import { findWorkload } from '../workloads.ts';
import { redisStreamsTarget } from './redis-streams.ts';
import { shortRun, testContext } from './target-test-kit.ts';

const shipped = (name: string) => {
  const w = findWorkload(name);
  if (w === undefined) throw new Error(`no shipped workload ${name}`);
  return w;
};

describe('redis-streams plan', () => {
  it('says durable settings cannot be imposed and acks all would need a replica', () => {
    const plan = redisStreamsTarget.plan(shipped('durable'));
    expect(plan.unsupported).toBeUndefined();
    const cannot = plan.cannot.join('\n');
    expect(cannot).toMatch(/WAIT 1 .*needs a replica/);
    expect(cannot).toMatch(/persistent \/ fsync → set only by the server/);
    expect(cannot).toMatch(/partitionsPerTopic 4 → not a Redis notion/);
  });

  it('runs a backlog from the stream and a fan-out as groups', () => {
    expect(redisStreamsTarget.plan(shipped('backlog-drain')).unsupported).toBeUndefined();
    const fanout = redisStreamsTarget.plan(shipped('fanout-8')).mapping.join('\n');
    expect(fanout).toMatch(/8 consumer group\(s\) per stream/);
  });
});

describe('redis-streams target, live', () => {
  it('delivers every acked message once per group, reports persistence, leaves nothing', async () => {
    const workload = checkWorkload({
      name: 'streams-live',
      description: '',
      messageSize: 128,
      producersPerTopic: 2,
      subscriptionsPerTopic: 2,
      consumerPerSubscription: 2,
      producerRate: 2_000,
      testDurationSeconds: 2,
    });
    const ctx = testContext(workload, redisStreamsTarget);
    const run = await shortRun(redisStreamsTarget, ctx, { produceMs: 2_000 });

    expect(run.producers.every((p) => p.counts.errors === 0)).toBe(true);
    expect(run.acked).toBeGreaterThan(3_000);
    for (const sub of run.subscriptions) {
      expect(sub.missing).toBe(0);
      expect(sub.duplicates).toBe(0);
      expect(sub.received).toBe(run.acked);
      expect(sub.consumers.filter((c) => c.received > 0)).toHaveLength(2);
      expect(sub.consumers[0]?.endToEnd.summary().p50).toBeLessThan(500);
    }
    // What the plan says about persistence is what the server says now.
    const redis = new Redis(addressesFromEnv().redisUrl);
    const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
    redis.disconnect();
    const notes = redisStreamsTarget.plan(workload).mapping.join('\n');
    expect(notes).toContain(`appendonly ${aof}`);
    await expectGoneFromBrokers({
      resources: {
        redisKeyPrefix: `pg:${ctx.names.runId}:`,
        queues: [],
        exchanges: [],
        topics: [],
        groups: [],
      },
    });
  }, 20_000);

  it('with acks none (CLIENT REPLY OFF) still stores every batch it wrote, in order', async () => {
    const workload = checkWorkload({
      name: 'streams-noack',
      description: '',
      messageSize: 64,
      producerRate: 5_000,
      testDurationSeconds: 1,
      keyDistributor: 'KEY_ROUND_ROBIN',
      durability: { acks: 'none' },
      measure: { ordering: true },
    });
    const ctx = testContext(workload, redisStreamsTarget);
    const run = await shortRun(redisStreamsTarget, ctx, { produceMs: 1_000 });
    const sub = run.subscriptions[0];
    expect(run.acked).toBeGreaterThan(3_000);
    expect(sub?.missing).toBe(0);
    expect(sub?.received).toBe(run.acked);
    expect(sub?.consumers[0]?.outOfOrder).toBe(0);
  }, 15_000);
});
