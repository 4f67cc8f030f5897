// cancel() then crash(): the consumer stops taking deliveries, so what it holds when it dies is
// exactly what RabbitMQ requeues (manual ack) or has already forgotten (auto ack).
import amqp from 'amqplib';
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
  SeenSet,
  declareQueue,
  depthOnceConsumersGone,
  readQueueDepths,
} from './index.ts';

const addresses = addressesFromEnv();
const opener = { amqp: () => amqp.connect(addresses.amqpUrl) };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function queueWith(n: number, expiration?: string) {
  const names = createNames(newRunId());
  const resources = new ResourceTracker(names.keyPrefix);
  const session = new AmqpSession(opener);
  cleanups.push(async () => {
    await session.close();
    await deleteResources(resources.snapshot(), addresses);
    await expectGoneFromBrokers({ resources: resources.snapshot() });
  });
  const connection = await session.connect();
  const admin = await session.channel(connection);
  const queue = await declareQueue(admin, resources, names.queue('q'));
  const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
    exchange: '',
    routingKey: queue,
    messageSize: 16,
    ...(expiration === undefined ? {} : { properties: () => ({ expiration }) }),
  });
  for (let i = 0; i < n; i++) await publisher.publish();
  expect(await publisher.waitForConfirms(3000)).toBe(true);
  const onError = (e: unknown): void => session.failure.fail(e);
  return { session, connection, admin, queue, onError };
}

describe('CountingConsumer.cancel on RabbitMQ', () => {
  it('under manual ack, a crash after cancel returns exactly the unacked held', async () => {
    const { session, connection, admin, queue, onError } = await queueWith(30);
    const seen = new SeenSet();
    const stuck = new CountingConsumer(await session.channel(connection), {
      queue,
      prefetch: 5,
      delayMs: () => 60_000,
      seen,
      onError,
    });
    await stuck.start();
    expect(await waitFor(() => stuck.delivered === 5, { withinMs: 3000 })).toBe(true);
    await stuck.cancel();
    expect(stuck.pending).toBe(5);
    expect(await stuck.crash()).toBe(5);
    expect((await depthOnceConsumersGone(admin, queue)).depth).toBe(30);

    const next = new CountingConsumer(await session.channel(connection), {
      queue,
      seen,
      onError,
    });
    await next.start();
    expect(await waitFor(() => next.delivered === 30, { withinMs: 3000 })).toBe(true);
    expect([next.redelivered, next.duplicates, seen.size]).toEqual([5, 5, 30]);
    expect(session.failure.error).toBeUndefined();
  });

  it('under auto ack, what it held when it crashed is gone from RabbitMQ too', async () => {
    const { session, connection, admin, queue, onError } = await queueWith(30);
    const slow = new CountingConsumer(await session.channel(connection), {
      queue,
      ack: 'auto',
      delayMs: () => 60_000,
      onError,
    });
    await slow.start();
    expect(await waitFor(() => slow.delivered === 30, { withinMs: 3000 })).toBe(true);
    await slow.cancel();
    // It works on the first one and holds the other 29: RabbitMQ forgot all 30 on sending.
    expect(slow.pending).toBe(30);
    await slow.crash();
    expect((await depthOnceConsumersGone(admin, queue)).depth).toBe(0);
  });

  it('publishes with a per-message expiration, which RabbitMQ enforces', async () => {
    const { admin, queue } = await queueWith(10, '1');
    expect(
      await waitFor(async () => (await readQueueDepths(admin, [queue]))[0] === 0, {
        withinMs: 2000,
      }),
    ).toBe(true);
  });
});
