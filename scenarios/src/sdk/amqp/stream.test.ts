// Streams on the live RabbitMQ (3.10 here, over AMQP 0-9-1): declared with retention instead of
// x-expires, read from an offset by a counting consumer, and deleted like any queue.
import amqp from 'amqplib';
import { afterEach, expect, it } from 'vitest';
import { addressesFromEnv, deleteResources, newRunId } from '../../engine/index.ts';
import { expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import { waitFor } from '../poll.ts';
import { ResourceTracker } from '../resources.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  declareStream,
  streamConsumeArguments,
  streamOffsetOf,
} from './index.ts';

const addresses = addressesFromEnv();
const names = createNames(newRunId());
const resources = new ResourceTracker(names.keyPrefix);
const session = new AmqpSession({ amqp: () => amqp.connect(addresses.amqpUrl) });

afterEach(async () => {
  await session.close();
  await deleteResources(resources.snapshot(), addresses);
  await expectGoneFromBrokers({ resources: resources.snapshot() });
});

it('keeps what a consumer read, and hands it again to one starting at an offset', async () => {
  const connection = await session.connect();
  const admin = await session.channel(connection);
  const stream = await declareStream(admin, resources, names.queue('log'));
  expect(resources.snapshot().queues).toEqual([stream]);
  const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
    exchange: '',
    routingKey: stream,
    messageSize: 32,
  });
  const N = 30;
  for (let i = 0; i < N; i++) await publisher.publish();
  expect(await publisher.waitForConfirms(3000)).toBe(true);

  const onError = (e: unknown): void => session.failure.fail(e);
  const offsetsFrom = async (offset: 'first' | number): Promise<[number[], CountingConsumer]> => {
    const offsets: number[] = [];
    const consumer = new CountingConsumer(await session.channel(connection), {
      queue: stream,
      prefetch: 10,
      consumeArguments: streamConsumeArguments(offset),
      // A single publisher's messages take offsets in the order it sent them, so a delivery
      // whose offset is not its sequence number shows as -1.
      onDelivery: (msg, decoded) => {
        const offset = streamOffsetOf(msg);
        offsets.push(offset !== undefined && offset === decoded?.seq ? offset : -1);
      },
      onError,
    });
    await consumer.start();
    return [offsets, consumer];
  };
  const [all, first] = await offsetsFrom('first');
  expect(
    await waitFor(() => first.delivered === N && first.pending === 0, { withinMs: 3000 }),
  ).toBe(true);
  // Reading removed nothing: a second consumer from offset 10 gets 10..29.
  const [tail, second] = await offsetsFrom(10);
  expect(await waitFor(() => second.delivered === N - 10, { withinMs: 3000 })).toBe(true);
  expect(all).toEqual(Array.from({ length: N }, (_, k) => k));
  expect(tail).toEqual(Array.from({ length: N - 10 }, (_, k) => k + 10));
  expect(streamConsumeArguments('next')).toEqual({ 'x-stream-offset': 'next' });
  expect(session.failure.error).toBeUndefined();
});
