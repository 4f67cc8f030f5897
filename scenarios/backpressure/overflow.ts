// One overflow behaviour on the shared broker: a queue capped by x-max-length, a publisher
// faster than its consumer, and RabbitMQ's own depth polled throughout. At the end the queue's
// leftovers are read out, so every confirmed message is accounted for: consumed, still queued,
// or gone (dropped from the head, or refused and dead-lettered).
import type { Channel, ChannelModel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import type { AmqpSession } from '../src/sdk/amqp/index.ts';
import {
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
  declareExchange,
  declareQueue,
  readQueueDepths,
} from '../src/sdk/amqp/index.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { fmt } from '../src/sdk/narration.ts';
import type { BackpressureParams, Overflow } from './params.ts';

type Ctx = RunContext<BackpressureParams>;

const MESSAGE_SIZE = 256;
const CONFIRM_WINDOW = 200;
const PREFETCH = 10;
const SETTLE_MS = 2_000;

export interface OverflowResult {
  overflow: Overflow;
  published: number;
  confirmed: number;
  nacked: number;
  consumed: number;
  /** The broker's depth after the publisher stopped and the consumer let go. */
  finalDepth: number;
  /** The largest depth RabbitMQ reported while the phase ran, final reading included. */
  maxDepthSeen: number;
  /** The dead-letter queue's depth at the end (reject-publish-dlx only). */
  deadLettered: number | undefined;
  /** Confirmed messages neither consumed nor read out of the queue at the end. */
  missing: number;
  /** Every missing message is older than the oldest one left in the queue. */
  missingAllOlder: boolean;
}

export interface OverflowRecorders {
  dropped: (phaseDropped: number) => void;
  deadLettered: (depth: number) => void;
}

export async function runOverflowPhase(
  ctx: Ctx,
  session: AmqpSession,
  overflow: Overflow,
  recorders: OverflowRecorders,
): Promise<OverflowResult> {
  const p = ctx.params;
  const m = ctx.metrics;
  const publisherConnection = await session.connect();
  const consumerConnection = await session.connect();
  const setup = await session.channel(consumerConnection);

  let deadLetterQueue: string | undefined;
  const args: Record<string, unknown> = { 'x-max-length': p.maxLength, 'x-overflow': overflow };
  if (overflow === 'reject-publish-dlx') {
    const dlx = await declareExchange(setup, ctx.resources, ctx.names.exchange('dlx'), 'fanout');
    deadLetterQueue = await declareQueue(setup, ctx.resources, ctx.names.queue('dead-letters'));
    await setup.bindQueue(deadLetterQueue, dlx, '');
    args['x-dead-letter-exchange'] = dlx;
  }
  const queue = await declareQueue(setup, ctx.resources, ctx.names.queue(overflow), {
    arguments: args,
  });
  m.gauge('maxLength').set(p.maxLength);

  const publisher = new ConfirmedPublisher(await session.confirmChannel(publisherConnection), {
    exchange: '',
    routingKey: queue,
    messageSize: MESSAGE_SIZE,
    confirmWindow: CONFIRM_WINDOW,
    failed: session.failure.failed,
    counters: {
      published: m.counter('published'),
      confirmed: m.counter('confirmed'),
      nacked: m.counter('nacked'),
    },
  });
  const consumedCounter = m.counter('consumed');
  let consumed = 0;
  const consumer = new CountingConsumer(await session.channel(consumerConnection), {
    queue,
    prefetch: PREFETCH,
    delayMs: () => 1000 / ctx.params.consumeRate,
    onProcessed: () => {
      consumed++;
      consumedCounter.inc();
    },
    onError: (e) => session.failure.fail(e),
  });
  await consumer.start();

  let maxDepthSeen = 0;
  let narratedFull = false;
  const queues = deadLetterQueue === undefined ? [queue] : [queue, deadLetterQueue];
  const poller = new QueueDepthPoller(await session.channel(consumerConnection), queues, {
    everyMs: 100,
    gauges: [m.gauge('queueDepth')],
    onReading: ([depth = 0, dlq]) => {
      maxDepthSeen = Math.max(maxDepthSeen, depth);
      if (overflow === 'drop-head') {
        recorders.dropped(
          Math.max(0, publisher.confirmedCount - consumed - consumer.pending - depth),
        );
      }
      if (dlq !== undefined) recorders.deadLettered(dlq);
      if (!narratedFull && depth >= p.maxLength) {
        narratedFull = true;
        ctx.event(
          `${overflow}: the queue is full at ${fmt(depth)} = x-max-length; ${whatHappensNext(overflow)}`,
          { mark: true },
        );
      }
    },
    onError: (e) => session.failure.fail(e),
  });
  poller.start();

  let narratedNack = false;
  const pacer = ctx.pacer(() => ctx.params.publishRate);
  const deadline = performance.now() + p.phaseSec * 1000;
  while (
    performance.now() < deadline &&
    (await Promise.race([pacer.wait(), session.failure.failed]))
  ) {
    await publisher.publish(ctx.signal);
    if (!narratedNack && publisher.nacked > 0) {
      narratedNack = true;
      ctx.event(`${overflow}: the first basic.nack reached the publisher`, 'warn');
    }
  }
  await publisher.waitForConfirms(SETTLE_MS);
  // Let go of the queue: no more deliveries, and what the consumer already holds is finished,
  // so the broker's depth and the consumer's count cover every message between them.
  await consumer.cancel();
  await waitFor(() => consumer.pending === 0, { withinMs: SETTLE_MS, everyMs: 10 });
  await poller.stop();
  const [finalDepth = 0, dlqDepth] = await readQueueDepths(setup, queues);
  maxDepthSeen = Math.max(maxDepthSeen, finalDepth);
  const leftovers = await readOut(session, consumerConnection, queue, finalDepth);

  let missing = 0;
  let missingAllOlder = true;
  const head = leftovers.oldest ?? Number.POSITIVE_INFINITY;
  for (let seq = 0; seq < publisher.publishedCount; seq++) {
    if (!publisher.confirmedSet.has(seq) || consumer.seen.has(seq) || leftovers.seen.has(seq)) {
      continue;
    }
    missing++;
    if (seq > head) missingAllOlder = false;
  }
  session.failure.check();
  await consumer.close();
  return {
    overflow,
    published: publisher.publishedCount,
    confirmed: publisher.confirmedCount,
    nacked: publisher.nacked,
    consumed,
    finalDepth,
    maxDepthSeen,
    deadLettered: dlqDepth,
    missing,
    missingAllOlder,
  };
}

function whatHappensNext(overflow: Overflow): string {
  if (overflow === 'drop-head') return 'each new message now pushes the oldest one out, silently';
  if (overflow === 'reject-publish') return 'new publishes are now refused with basic.nack';
  return 'new publishes are now refused with basic.nack and dead-lettered';
}

/** Reads what is left in the queue, without acks, to learn which messages it kept. */
async function readOut(
  session: AmqpSession,
  connection: ChannelModel,
  queue: string,
  depth: number,
): Promise<{ seen: { has(seq: number): boolean }; oldest: number | undefined }> {
  const channel: Channel = await session.channel(connection);
  let oldest: number | undefined;
  const reader = new CountingConsumer(channel, {
    queue,
    ack: 'auto',
    onDelivery: (_msg, decoded) => {
      if (decoded !== undefined) oldest = Math.min(oldest ?? decoded.seq, decoded.seq);
    },
    onError: (e) => session.failure.fail(e),
  });
  await reader.start();
  await waitFor(() => reader.delivered >= depth, { withinMs: SETTLE_MS, everyMs: 10 });
  await reader.close();
  return { seen: reader.seen, oldest };
}
