// The kit's per-message properties, processing hooks and settled depth, on the live RabbitMQ.
import amqp from 'amqplib';
import type { ConsumeMessage } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { addressesFromEnv, deleteResources, newRunId } from '../../engine/index.ts';
import { expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import { waitFor } from '../poll.ts';
import { ResourceTracker } from '../resources.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  declareExchange,
  declareQueue,
  decodeMessage,
  depthOnceConsumersGone,
  readQueueDepths,
} from './index.ts';

const addresses = addressesFromEnv();
const opener = { amqp: () => amqp.connect(addresses.amqpUrl) };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(): {
  session: AmqpSession;
  names: ReturnType<typeof createNames>;
  resources: ResourceTracker;
} {
  const names = createNames(newRunId());
  const resources = new ResourceTracker(names.keyPrefix);
  const session = new AmqpSession(opener);
  cleanups.push(async () => {
    await session.close();
    await deleteResources(resources.snapshot(), addresses);
    await expectGoneFromBrokers({ resources: resources.snapshot() });
  });
  return { session, names, resources };
}

const seqOf = (msg: ConsumeMessage): number => decodeMessage(msg.content)?.seq ?? -1;

describe('AMQP kit: message properties and processing hooks', () => {
  it('routes on per-message headers and serves a backlog by per-message priority', async () => {
    const { session, names, resources } = setUp();
    const connection = await session.connect();
    const admin = await session.channel(connection);
    const headers = await declareExchange(admin, resources, names.exchange('h'), 'headers');
    const urgent = await declareQueue(admin, resources, names.queue('urgent'), {
      arguments: { 'x-max-priority': 2 },
    });
    await admin.bindQueue(urgent, headers, '', { 'x-match': 'all', team: 'ops' });

    const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
      exchange: headers,
      messageSize: 16,
      // Every other message is for ops; their priorities cycle 0, 1, 2.
      properties: (seq) => ({
        headers: { team: seq % 2 === 0 ? 'ops' : 'dev' },
        priority: (seq / 2) % 3,
      }),
    });
    const N = 30;
    for (let i = 0; i < N; i++) await publisher.publish();
    expect(await publisher.waitForConfirms(3000)).toBe(true);
    expect(await readQueueDepths(admin, [urgent])).toEqual([N / 2]);

    const started: number[] = [];
    const processed: number[] = [];
    const consumer = new CountingConsumer(await session.channel(connection), {
      queue: urgent,
      prefetch: 1,
      delayMs: () => 1,
      onProcessing: (msg) => started.push(msg.properties.priority as number),
      onProcessed: (msg) => processed.push(seqOf(msg)),
      onError: (e) => session.failure.fail(e),
    });
    await consumer.start();
    expect(await waitFor(() => processed.length === N / 2, { withinMs: 3000 })).toBe(true);
    // The backlog was all queued before the consumer came: highest priority first.
    expect(started).toEqual([...Array(5).fill(2), ...Array(5).fill(1), ...Array(5).fill(0)]);
    expect(processed.every((seq) => seq % 2 === 0)).toBe(true);
    expect(new Set(processed).size).toBe(N / 2);
    expect(session.failure.error).toBeUndefined();
  });

  it('counts the unacked messages a closed consumer returns once it has left the queue', async () => {
    const { session, names, resources } = setUp();
    const connection = await session.connect();
    const admin = await session.channel(connection);
    const queue = await declareQueue(admin, resources, names.queue('jobs'));
    const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
      exchange: '',
      routingKey: queue,
      messageSize: 16,
    });
    const N = 12;
    for (let i = 0; i < N; i++) await publisher.publish();
    expect(await publisher.waitForConfirms(3000)).toBe(true);

    let processed = 0;
    const consumer = new CountingConsumer(await session.channel(connection), {
      queue,
      prefetch: 5,
      // The first job is quick, the next takes the rest of the test.
      delayMs: () => (processed === 0 ? 1 : 60_000),
      onProcessed: () => processed++,
      onError: (e) => session.failure.fail(e),
    });
    await consumer.start();
    expect(await waitFor(() => processed === 1 && consumer.pending === 5, { withinMs: 3000 })).toBe(
      true,
    );
    await consumer.close();
    const settled = await depthOnceConsumersGone(admin, queue);
    expect(settled).toEqual({ depth: N - 1, consumersGone: true });
  });
});
