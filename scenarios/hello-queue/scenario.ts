// The smallest broker scenario, and the worked example in docs/scenario-authoring.md: one
// publisher, one queue, one consumer, written with the AMQP kit. Its one check holds what the
// consumer counted against what RabbitMQ confirmed and what it still holds.
import { Type } from '@sinclair/typebox';
import { defineScenario, notApplicable, readLesson } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  declareQueue,
  readQueueDepths,
} from '../src/sdk/amqp/index.ts';
import { waitFor } from '../src/sdk/poll.ts';

const params = Type.Object(
  {
    messagesPerSec: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 2000,
      description: 'publish rate',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export default defineScenario({
  id: 'hello-queue',
  title: 'Hello, queue',
  summary: 'One publisher, one queue, one consumer',
  brokers: ['rabbitmq'],
  tags: ['queues'],
  level: 'beginner',
  watch: "One queue's depth rise while messages wait, and fall as the consumer takes them",
  minutes: 5,
  params,
  charts: [{ id: 'flow', title: 'Messages', unit: 'msg/s', show: 'rate' }],
  metrics: [
    {
      key: 'confirmed',
      label: 'confirmed by RabbitMQ',
      unit: 'msg',
      kind: 'counter',
      chart: 'flow',
    },
    { key: 'delivered', label: 'delivered', unit: 'msg', kind: 'counter', chart: 'flow' },
  ],
  lesson: readLesson(import.meta.url),
  topology: () => ({
    nodes: [
      { id: 'p', kind: 'producer', label: 'publisher' },
      { id: 'q', kind: 'queue', label: 'queue' },
      { id: 'c', kind: 'consumer', label: 'consumer' },
    ],
    edges: [
      { from: 'p', to: 'q', metric: 'confirmed.rate' },
      { from: 'q', to: 'c', metric: 'delivered.rate' },
    ],
  }),
  async run(ctx) {
    const session = new AmqpSession(ctx.brokers);
    try {
      const connection = await session.connect();
      const queue = ctx.names.queue('work');
      await declareQueue(await session.channel(connection), ctx.resources, queue);
      const publisher = new ConfirmedPublisher(await session.confirmChannel(connection), {
        exchange: '',
        routingKey: queue,
        messageSize: 64,
        failed: session.failure.failed,
        counters: { confirmed: ctx.metrics.counter('confirmed') },
      });
      const delivered = ctx.metrics.counter('delivered');
      const consumer = new CountingConsumer(await session.channel(await session.connect()), {
        queue,
        recorders: { delivered: [delivered] },
        onError: (e) => session.failure.fail(e),
      });
      await consumer.start();
      await publisher.run(
        ctx.pacer(() => ctx.params.messagesPerSec),
        ctx.signal,
      );
      // The load has stopped: let the consumer drain, then ask the broker what it still holds.
      await publisher.waitForConfirms(2000);
      await waitFor(() => delivered.total >= publisher.confirmedCount, { withinMs: 3000 });
      await consumer.close();
      const [depth] = await readQueueDepths(await session.channel(connection), [queue]);
      ctx.fact('confirmed', publisher.confirmedCount);
      ctx.fact('brokerDepth', depth ?? -1);
    } finally {
      await session.close();
    }
  },
  checks: [
    {
      id: 'every-confirmed-message-delivered',
      description: 'What RabbitMQ confirmed was delivered, or is still in its queue',
      evaluate({ summary, facts }) {
        const confirmed = Number(facts.confirmed);
        if (confirmed === 0) return notApplicable('nothing was published (rate 0)');
        const delivered = summary.delivered ?? 0;
        const inQueue = Number(facts.brokerDepth);
        return {
          passed: delivered + inQueue === confirmed,
          detail: `${delivered} delivered + ${inQueue} in the queue (RabbitMQ) = ${delivered + inQueue}, confirmed ${confirmed}`,
        };
      },
    },
  ],
});
