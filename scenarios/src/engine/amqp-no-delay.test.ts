// On the live RabbitMQ: a prefetch-1 consumer that publishes and then acks each message keeps
// pace only with Nagle's algorithm off (about 40 ms a message with it on). A run's AMQP
// connections come from the engine, which must open them with noDelay.
import { afterEach, expect, it } from 'vitest';
import { createNames } from '../sdk/names.ts';
import { waitFor } from '../sdk/poll.ts';
import { ResourceTracker } from '../sdk/resources.ts';
import { AmqpSession, declareQueue } from '../sdk/amqp/index.ts';
import { expectGoneFromBrokers } from '../testing/index.ts';
import { addressesFromEnv } from './addresses.ts';
import { RunBrokerClients } from './broker-clients.ts';
import { deleteResources } from './cleanup.ts';
import { newRunId } from './run.ts';

const addresses = addressesFromEnv();
const names = createNames(newRunId());
const resources = new ResourceTracker(names.keyPrefix);
const clients = new RunBrokerClients(addresses, 'no-delay-test');
const session = new AmqpSession(clients);

afterEach(async () => {
  await session.close();
  await clients.closeAll();
  await deleteResources(resources.snapshot(), addresses);
  await expectGoneFromBrokers({ resources: resources.snapshot() });
});

it('lets a consumer reply and ack 200 messages one at a time within a second', async () => {
  const connection = await session.connect();
  const channel = await session.channel(connection);
  const inbox = await declareQueue(channel, resources, names.queue('in'));
  const outbox = await declareQueue(channel, resources, names.queue('out'));
  const N = 200;
  for (let i = 0; i < N; i++) channel.sendToQueue(inbox, Buffer.from([i % 256]));
  expect(
    await waitFor(async () => (await channel.checkQueue(inbox)).messageCount === N, {
      withinMs: 2000,
    }),
  ).toBe(true);

  const consumer = await session.channel(connection);
  await consumer.prefetch(1);
  let handled = 0;
  const started = performance.now();
  await consumer.consume(inbox, (msg) => {
    if (msg === null) return;
    consumer.sendToQueue(outbox, msg.content);
    consumer.ack(msg);
    handled++;
  });
  expect(await waitFor(() => handled === N, { withinMs: 3000, everyMs: 10 })).toBe(true);
  // With Nagle on, the same takes N × ~40 ms = 8 s.
  expect(performance.now() - started).toBeLessThan(1000);
  expect(session.failure.error).toBeUndefined();
});
