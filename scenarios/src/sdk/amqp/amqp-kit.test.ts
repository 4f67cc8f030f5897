// The kit on the live RabbitMQ: each test declares what it needs under a namespace of its own
// and deletes it at the end, as a run would.
import amqp from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { addressesFromEnv, deleteResources, newRunId } from '../../engine/index.ts';
import { expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import { waitFor } from '../poll.ts';
import { Counter, Gauge } from '../recorders.ts';
import { ResourceTracker } from '../resources.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
  SeenSet,
  declareExchange,
  declareQueue,
  readQueueDepths,
} from './index.ts';

const addresses = addressesFromEnv();
const opener = { amqp: () => amqp.connect(addresses.amqpUrl) };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A session and a namespace, both torn down after the test; the test checks the teardown. */
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

describe('AMQP kit on RabbitMQ', () => {
  it('publishes N confirmed, the depth poller reads them queued, a consumer gets each once', async () => {
    const { session, names, resources } = setUp();
    const connection = await session.connect();
    const admin = await session.channel(connection);
    const exchange = await declareExchange(admin, resources, names.exchange('x'), 'fanout');
    const queue = await declareQueue(admin, resources, names.queue('q'));
    await admin.bindQueue(queue, exchange, '');

    const counters = { published: new Counter(), confirmed: new Counter() };
    const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
      exchange,
      messageSize: 64,
      persistent: true,
      counters,
    });
    const N = 300;
    for (let i = 0; i < N; i++) await publisher.publish();
    expect(await publisher.waitForConfirms(3000)).toBe(true);
    expect([publisher.publishedCount, publisher.confirmedCount, publisher.nacked]).toEqual([
      N,
      N,
      0,
    ]);
    expect([counters.published.total, counters.confirmed.total]).toEqual([N, N]);

    // The broker's count, not ours: the messages sit ready in the queue.
    expect(await readQueueDepths(admin, [queue])).toEqual([N]);
    const gauge = new Gauge();
    const readings: number[] = [];
    const poller = new QueueDepthPoller(admin, [queue], {
      everyMs: 20,
      gauges: [gauge],
      onReading: (d) => readings.push(d[0] ?? -1),
      onError: (e) => session.failure.fail(e),
    });
    poller.start();
    expect(await waitFor(() => readings.length > 0, { withinMs: 2000, everyMs: 10 })).toBe(true);
    expect(gauge.value).toBe(N);

    const delivered = new Counter();
    const consumer = new CountingConsumer(await session.channel(connection), {
      queue,
      prefetch: 50,
      recorders: { delivered: [delivered] },
      onError: (e) => session.failure.fail(e),
    });
    await consumer.start();
    expect(
      await waitFor(() => consumer.delivered >= N && consumer.pending === 0, { withinMs: 3000 }),
    ).toBe(true);
    expect(await waitFor(() => gauge.value === 0, { withinMs: 2000, everyMs: 20 })).toBe(true);
    await poller.stop();
    expect([consumer.delivered, delivered.total, consumer.seen.size]).toEqual([N, N, N]);
    expect(consumer.seen.missingFrom(publisher.confirmedSet)).toBe(0);
    expect([consumer.duplicates, consumer.redelivered, consumer.malformed]).toEqual([0, 0, 0]);
    expect(session.failure.error).toBeUndefined();
  });

  it('a crashed consumer returns its unacked messages, and their redelivery is caught as duplicates', async () => {
    const { session, names, resources } = setUp();
    const connection = await session.connect();
    const admin = await session.channel(connection);
    const queue = await declareQueue(admin, resources, names.queue('work'));
    // The default exchange routes by queue name.
    const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
      exchange: '',
      routingKey: queue,
      messageSize: 16,
    });
    const N = 20;
    for (let i = 0; i < N; i++) await publisher.publish();
    expect(await publisher.waitForConfirms(3000)).toBe(true);

    const seen = new SeenSet();
    const onError = (e: unknown): void => session.failure.fail(e);
    // Takes its prefetch and never finishes one: the crash catches all of them unacked.
    const stuck = new CountingConsumer(await session.channel(connection), {
      queue,
      prefetch: N,
      delayMs: () => 60_000,
      seen,
      onError,
    });
    await stuck.start();
    expect(await waitFor(() => stuck.delivered === N, { withinMs: 3000 })).toBe(true);
    expect(await readQueueDepths(admin, [queue])).toEqual([0]);
    expect(await stuck.crash()).toBe(N);

    const duplicates = new Counter();
    const redelivered = new Counter();
    const next = new CountingConsumer(await session.channel(connection), {
      queue,
      ack: 'auto',
      seen,
      recorders: { duplicates, redelivered },
      onError,
    });
    await next.start();
    expect(await waitFor(() => next.delivered === N, { withinMs: 3000 })).toBe(true);
    expect([next.duplicates, next.redelivered, duplicates.total, redelivered.total]).toEqual([
      N,
      N,
      N,
      N,
    ]);
    expect(seen.size).toBe(N);
    expect(await readQueueDepths(admin, [queue])).toEqual([0]);
    expect(session.failure.error).toBeUndefined();
  });

  it('routes by key per message and counts what RabbitMQ returns as unroutable', async () => {
    const { session, names, resources } = setUp();
    const connection = await session.connect();
    const admin = await session.channel(connection);
    const exchange = await declareExchange(admin, resources, names.exchange('d'), 'direct');
    const even = await declareQueue(admin, resources, names.queue('even'));
    const odd = await declareQueue(admin, resources, names.queue('odd'));
    await admin.bindQueue(even, exchange, 'even');
    await admin.bindQueue(odd, exchange, 'odd');

    const returned = new Counter();
    const returnedSeqs: (number | undefined)[] = [];
    const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
      exchange,
      // Every third message goes to a key nothing is bound to.
      routingKey: (seq) => (seq % 3 === 2 ? 'nowhere' : seq % 2 === 0 ? 'even' : 'odd'),
      messageSize: 32,
      mandatory: true,
      counters: { returned },
      onReturn: (seq) => returnedSeqs.push(seq),
    });
    const N = 30;
    for (let i = 0; i < N; i++) await publisher.publish();
    expect(await publisher.waitForConfirms(3000)).toBe(true);
    // RabbitMQ returns an unroutable mandatory message, then confirms it: it has dealt with it.
    expect(publisher.confirmedCount).toBe(N);
    expect(await waitFor(() => publisher.returned === N / 3, { withinMs: 2000 })).toBe(true);
    expect(returned.total).toBe(N / 3);
    expect(returnedSeqs.every((seq) => seq !== undefined && seq % 3 === 2)).toBe(true);
    const routed = Array.from({ length: N }, (_, seq) => seq).filter((seq) => seq % 3 !== 2);
    expect(await readQueueDepths(admin, [even, odd])).toEqual([
      routed.filter((seq) => seq % 2 === 0).length,
      routed.filter((seq) => seq % 2 === 1).length,
    ]);
  });

  it('surfaces a channel error as the session failure, and closes everything it opened', async () => {
    const { session, names } = setUp();
    const connection = await session.connect();
    const channel = await session.channel(connection);
    let closed = false;
    connection.on('close', () => {
      closed = true;
    });
    // A passive declare of a queue that does not exist: RabbitMQ closes the channel with a 404.
    await expect(channel.checkQueue(names.queue('absent'))).rejects.toThrow(/404|NOT_FOUND/);
    expect(await waitFor(() => session.failure.error !== undefined, { withinMs: 1000 })).toBe(true);
    expect(session.failure.error?.message).toMatch(/404|NOT_FOUND/);
    expect(() => session.failure.check()).toThrow(/404|NOT_FOUND/);

    await session.close();
    expect(closed).toBe(true);
    await expect(connection.createChannel()).rejects.toThrow();
  });
});
