// The classic-queue target: its plan for the shipped workloads, and a short live run on the
// shared RabbitMQ through the lab's own producer and consumer loops.
import { describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../../engine/addresses.ts';
import { findWorkload } from '../workloads.ts';
import { checkWorkload } from '../workload.ts';
import type { Workload } from '../workload.ts';
import { prefetchFor, rabbitObjects } from './rabbitmq-common.ts';
import { classicPlan, rabbitmqClassic } from './rabbitmq-classic.ts';
import { liveNames, runLive, stillOnBroker } from './rabbitmq-live.ts';

const addresses = addressesFromEnv();
const shipped = (name: string): Workload => {
  const w = findWorkload(name);
  if (w === undefined) throw new Error(`no shipped workload ${name}`);
  return w;
};

describe('rabbitmq-classic plan', () => {
  it('maps fan-out to a queue per subscription, each with its own copy', () => {
    const plan = classicPlan(shipped('fanout-8'));
    expect(plan.unsupported).toBeUndefined();
    expect(plan.mapping.join('\n')).toMatch(/8 queues, each holding its own copy/);
    expect(
      rabbitObjects('classic', shipped('fanout-8'), liveNames('rabbitmq-classic')).queues,
    ).toHaveLength(8);
  });

  it('says partitions and keys are not RabbitMQ notions', () => {
    const cannot = classicPlan(shipped('fixed-10k-16p')).cannot.join('\n');
    expect(cannot).toMatch(/partitions \(16\)/);
    expect(cannot).toMatch(/fanout exchange ignores/);
    expect(classicPlan(shipped('tiny-max')).cannot.join('\n')).not.toMatch(/partitions|keys/);
  });

  it('tells what a confirm of a persistent message waits for, and that fsync cannot be turned off', () => {
    const durable = classicPlan(shipped('durable'));
    expect(durable.mapping.join('\n')).toMatch(/fsynced/);
    expect(durable.cannot.join('\n')).not.toMatch(/fsync off/);
    const drain = classicPlan(shipped('backlog-drain'));
    expect(drain.cannot.join('\n')).toMatch(/fsync off/);
    expect(drain.mapping.join('\n')).toMatch(/backlog/);
  });

  it('prefetches little for slow consumers and much for fast ones', () => {
    expect(classicPlan(shipped('work-queue-slow')).mapping.join('\n')).toMatch(/prefetch 10\b/);
    expect(classicPlan(shipped('tiny-max')).mapping.join('\n')).toMatch(/prefetch 5000\b/);
    // 1 KB messages: 5000 in hand is 5 MB, under the 8 MB bound; 1 MB messages: 10.
    expect(prefetchFor(shipped('durable'))).toBe(5000);
    expect(prefetchFor({ ...shipped('durable'), messageSize: 1_048_576 })).toBe(10);
    expect(prefetchFor({ ...shipped('durable'), messageSize: 65_536 })).toBe(122);
  });
});

describe('rabbitmq-classic live', () => {
  it('hands every confirmed message once to each subscription, competing consumers sharing it, and leaves nothing', async () => {
    const workload = checkWorkload({
      name: 'classic-live',
      description: '',
      messageSize: 64,
      producersPerTopic: 2,
      subscriptionsPerTopic: 2,
      consumerPerSubscription: 2,
      producerRate: 1000,
      testDurationSeconds: 2,
      durability: { acks: 'leader', persistent: true },
      measure: { ordering: true },
    });
    const names = liveNames('rabbitmq-classic');
    const objects = rabbitObjects('classic', workload, names);
    let declared: string[] = [];
    const result = await runLive(rabbitmqClassic, workload, addresses, {
      produceMs: 1500,
      names,
      afterSetup: async () => {
        declared = await stillOnBroker(addresses.amqpUrl, objects);
      },
    });
    // The check sees what setup made, so its empty answer after teardown means something.
    expect(declared.sort()).toEqual([...objects.queues, ...objects.exchanges].sort());
    // 1000/s for 1.5 s, all confirmed.
    expect(result.acked).toBeGreaterThan(1000);
    expect(result.producers.map((p) => p.firstError ?? null)).toEqual([null, null]);
    expect(result.producers[0]?.publishLatency.count).toBe(result.producers[0]?.counts.acked);
    expect(result.drained).toBe(true);
    for (const sub of result.subscriptions) {
      // Nothing missing and nothing more than the acked: each exactly once.
      expect(sub.missing).toBe(0);
      expect(sub.received).toBe(result.acked);
      // Both competing consumers did some of the work.
      expect(sub.consumers.map((c) => c.received > 0)).toEqual([true, true]);
      for (const c of sub.consumers) {
        expect(c.endToEnd.count).toBe(c.received);
        expect(c.duplicates).toBe(0);
        expect(c.outOfOrder).toBe(0);
      }
    }
    const e2e = result.subscriptions[0]?.consumers[0]?.endToEnd.summary();
    expect(e2e?.p50).toBeGreaterThan(0);
    expect(e2e?.p50).toBeLessThan(1000);
    expect(objects.exchanges).toHaveLength(1);
    expect(await stillOnBroker(addresses.amqpUrl, objects)).toEqual([]);
  });

  it('without confirms, resolves sends once written and still delivers all of a fixed count', async () => {
    const workload = checkWorkload({
      name: 'classic-noack',
      description: '',
      messageSize: 128,
      producerRate: 'max',
      testDurationSeconds: 1,
      durability: { acks: 'none', persistent: false },
    });
    const names = liveNames('rabbitmq-classic');
    const result = await runLive(rabbitmqClassic, workload, addresses, {
      produceMs: 3000,
      limit: 5000,
      names,
    });
    expect(result.acked).toBe(5000);
    expect(result.drained).toBe(true);
    expect(result.subscriptions[0]?.missing).toBe(0);
    expect(result.subscriptions[0]?.received).toBe(5000);
    expect(
      await stillOnBroker(addresses.amqpUrl, rabbitObjects('classic', workload, names)),
    ).toEqual([]);
  });

  it('tears down a run whose setup never happened without complaint (deletes are idempotent)', async () => {
    const workload = checkWorkload({
      name: 'classic-nothing',
      description: '',
      messageSize: 64,
      producerRate: 10,
      testDurationSeconds: 1,
      subscriptionsPerTopic: 2,
    });
    await expect(
      rabbitmqClassic.teardown({ workload, names: liveNames('rabbitmq-classic'), addresses }),
    ).resolves.toBeUndefined();
  });
});
