// The quorum-queue target: its plan says what a always-durable Raft queue cannot leave out, and
// a short live run fans out to two quorum queues with competing consumers and leaves nothing.
import { describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../../engine/addresses.ts';
import { findWorkload } from '../workloads.ts';
import { checkWorkload } from '../workload.ts';
import type { Workload } from '../workload.ts';
import { rabbitObjects } from './rabbitmq-common.ts';
import { quorumPlan, rabbitmqQuorum } from './rabbitmq-quorum.ts';
import { liveNames, runLive, stillOnBroker } from './rabbitmq-live.ts';

const addresses = addressesFromEnv();
const shipped = (name: string): Workload => {
  const w = findWorkload(name);
  if (w === undefined) throw new Error(`no shipped workload ${name}`);
  return w;
};

describe('rabbitmq-quorum plan', () => {
  it('cannot leave messages off disk or skip the fsync', () => {
    const tiny = quorumPlan(shipped('tiny-max'));
    expect(tiny.unsupported).toBeUndefined();
    expect(tiny.cannot.join('\n')).toMatch(/persistent: false/);
    expect(tiny.cannot.join('\n')).toMatch(/fsync off/);
    const durable = quorumPlan(shipped('durable'));
    expect(durable.cannot.join('\n')).not.toMatch(/persistent: false|fsync off/);
    // acks all is the same wait as leader on one node, and the plan says so.
    expect(durable.cannot.join('\n')).toMatch(/acks all vs leader/);
  });

  it('maps fan-out to a quorum queue per subscription and says partitions are not a notion', () => {
    expect(quorumPlan(shipped('fanout-8')).mapping.join('\n')).toMatch(/8 queues/);
    expect(quorumPlan(shipped('work-queue-slow')).cannot.join('\n')).toMatch(/partitions \(4\)/);
    expect(quorumPlan(shipped('work-queue-slow')).mapping.join('\n')).toMatch(
      /4 consumers per subscription → competing/,
    );
  });
});

describe('rabbitmq-quorum live', () => {
  it('hands every confirmed message once to each of two quorum queues, and deletes them', async () => {
    const workload = checkWorkload({
      name: 'quorum-live',
      description: '',
      messageSize: 100,
      producersPerTopic: 1,
      subscriptionsPerTopic: 2,
      consumerPerSubscription: 2,
      producerRate: 1000,
      testDurationSeconds: 2,
      durability: { acks: 'all', persistent: true, fsync: true },
    });
    const names = liveNames('rabbitmq-quorum');
    const objects = rabbitObjects('quorum', workload, names);
    let declared: string[] = [];
    const result = await runLive(rabbitmqQuorum, workload, addresses, {
      produceMs: 1500,
      names,
      afterSetup: async () => {
        declared = await stillOnBroker(addresses.amqpUrl, objects);
      },
    });
    expect(declared.sort()).toEqual([...objects.queues, ...objects.exchanges].sort());
    expect(result.acked).toBeGreaterThan(1000);
    expect(result.producers[0]?.counts.errors).toBe(0);
    expect(result.drained).toBe(true);
    for (const sub of result.subscriptions) {
      expect(sub.missing).toBe(0);
      expect(sub.received).toBe(result.acked);
      for (const c of sub.consumers) {
        expect(c.received).toBeGreaterThan(0);
        expect(c.endToEnd.count).toBe(c.received);
      }
    }
    // A confirm waits for the log's fsync: publish latency is there, and bounded.
    const publish = result.producers[0]?.publishLatency.summary();
    expect(publish?.p50).toBeGreaterThan(0);
    expect(publish?.p99).toBeLessThan(2000);
    expect(await stillOnBroker(addresses.amqpUrl, objects)).toEqual([]);
  });
});
