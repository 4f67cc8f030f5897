// The stream target: fan-out is several readers of one stream (not copies), a second consumer of
// a subscription cannot compete and stays idle, a backlog is read from the first offset, and the
// stream goes with teardown.
import { describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../../engine/addresses.ts';
import { findWorkload } from '../workloads.ts';
import { checkWorkload } from '../workload.ts';
import type { Workload } from '../workload.ts';
import { rabbitObjects } from './rabbitmq-common.ts';
import { rabbitmqStream, streamPlan } from './rabbitmq-stream.ts';
import { liveNames, runLive, stillOnBroker } from './rabbitmq-live.ts';

const addresses = addressesFromEnv();
const shipped = (name: string): Workload => {
  const w = findWorkload(name);
  if (w === undefined) throw new Error(`no shipped workload ${name}`);
  return w;
};

describe('rabbitmq-stream plan', () => {
  it('maps fan-out to readers of one stream, not to copies', () => {
    const plan = streamPlan(shipped('fanout-8'));
    expect(plan.unsupported).toBeUndefined();
    expect(plan.mapping.join('\n')).toMatch(/8 readers of the one stream/);
    const names = liveNames('rabbitmq-stream');
    const objects = rabbitObjects('stream', shipped('fanout-8'), names);
    expect(objects).toEqual({ queues: [names.topic(0)], exchanges: [], bindings: [] });
    // In the namespace the start-up sweep and the run journal know.
    expect(names.topic(0)).toMatch(/^pg:lab-[0-9a-f]+:rabbitmq-stream:t0$/);
  });

  it('says competing consumers, partitions and fsync are beyond a stream over AMQP', () => {
    const work = streamPlan(shipped('work-queue-slow')).cannot.join('\n');
    expect(work).toMatch(/4 consumers per subscription: .*cannot compete/);
    expect(work).toMatch(/the other 3 stay idle — that one reader does all the processing/);
    expect(work).toMatch(/partitions \(4\)/);
    expect(streamPlan(shipped('durable')).cannot.join('\n')).toMatch(/never fsyncs/);
    expect(streamPlan(shipped('tiny-max')).cannot.join('\n')).toMatch(/persistent: false/);
    expect(streamPlan(shipped('fanout-8')).cannot.join('\n')).not.toMatch(/compete/);
  });
});

describe('rabbitmq-stream live', () => {
  it('gives every confirmed message to each of three readers of one stream; an extra consumer stays idle', async () => {
    const workload = checkWorkload({
      name: 'stream-live',
      description: '',
      messageSize: 64,
      producersPerTopic: 2,
      subscriptionsPerTopic: 3,
      consumerPerSubscription: 2,
      producerRate: 1000,
      testDurationSeconds: 2,
      durability: { acks: 'leader', persistent: true },
      measure: { ordering: true },
    });
    const names = liveNames('rabbitmq-stream');
    const objects = rabbitObjects('stream', workload, names);
    let declared: string[] = [];
    const result = await runLive(rabbitmqStream, workload, addresses, {
      produceMs: 1500,
      names,
      afterSetup: async () => {
        declared = await stillOnBroker(addresses.amqpUrl, objects);
      },
    });
    expect(declared).toEqual([names.topic(0)]);
    expect(result.acked).toBeGreaterThan(1000);
    expect(result.drained).toBe(true);
    expect(result.subscriptions).toHaveLength(3);
    for (const sub of result.subscriptions) {
      expect(sub.missing).toBe(0);
      expect(sub.received).toBe(result.acked);
      const [reader, idle] = sub.consumers;
      expect(reader?.received).toBe(result.acked);
      expect(reader?.duplicates).toBe(0);
      expect(reader?.outOfOrder).toBe(0);
      expect(reader?.endToEnd.count).toBe(result.acked);
      expect(idle?.received).toBe(0);
    }
    expect(await stillOnBroker(addresses.amqpUrl, objects)).toEqual([]);
  });

  it('in backlog mode, readers that start after the producers finished read it all from the start', async () => {
    const workload = checkWorkload({
      name: 'stream-backlog',
      description: '',
      messageSize: 256,
      producersPerTopic: 1,
      subscriptionsPerTopic: 2,
      producerRate: 'max',
      testDurationSeconds: 1,
      backlog: true,
      durability: { acks: 'leader', persistent: true },
    });
    const names = liveNames('rabbitmq-stream');
    const result = await runLive(rabbitmqStream, workload, addresses, {
      produceMs: 3000,
      limit: 3000,
      names,
    });
    expect(result.acked).toBe(3000);
    expect(result.drained).toBe(true);
    for (const sub of result.subscriptions) {
      expect(sub.missing).toBe(0);
      expect(sub.received).toBe(3000);
      // Everything waited in the stream for the readers: the oldest waited the longest.
      const e2e = sub.consumers[0]?.endToEnd.summary();
      expect(e2e?.max).toBeGreaterThan(e2e?.p50 ?? Infinity);
    }
    expect(
      await stillOnBroker(addresses.amqpUrl, rabbitObjects('stream', workload, names)),
    ).toEqual([]);
  });
});
