// Memory-based flow control on the run's private node: its watermark is lowered to a little above
// what it uses, a publisher pushes large transient messages faster than a consumer takes them,
// and the node's memory alarm blocks the publishing connection until the consumer has drained
// enough. The client's blocked time is summed from amqplib's events; the node keeps its own.
import type { ChannelModel } from 'amqplib';
import type { PrivateRabbitmq, RunContext } from '../src/sdk/contract.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
} from '../src/sdk/amqp/index.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { fmt } from '../src/sdk/narration.ts';
import { startAlarmWatch, stopAlarmWatch, whilePublishing } from './alarm-watch.ts';
import type { AlarmRecord, Watermark } from './alarm-watch.ts';
import { BlockedClock } from './blocked-clock.ts';
import type { BackpressureParams } from './params.ts';

type Ctx = RunContext<BackpressureParams>;

// On the private node only: it is deleted with the run.
const QUEUE = 'big-messages';
const CONFIRM_WINDOW = 50;
const PREFETCH = 10;
const UNBLOCK_WAIT_MS = 4_000;
const MB = 1024 * 1024;

export interface MemoryAlarmResult {
  watermark: Watermark;
  /** The node's alarm episodes that began while the publisher was still sending. */
  alarm: AlarmRecord;
  /** Lengths of those set after its last message (it could not be blocked by them). */
  alarmAfterPublishingMs: number[];
  clock: BlockedClock;
  published: number;
  confirmed: number;
}

export async function runMemoryAlarmPhase(
  ctx: Ctx,
  node: PrivateRabbitmq,
  session: AmqpSession,
): Promise<MemoryAlarmResult> {
  const p = ctx.params;
  const m = ctx.metrics;
  // Opened through the node (closed with the run) and tracked by the session, so a broker-side
  // error fails the run.
  const opener = { amqp: (): Promise<ChannelModel> => node.connect() };
  const nodeSession = new AmqpSession(opener, session.failure);
  try {
    const publisherConnection = await nodeSession.connect();
    const consumerConnection = await nodeSession.connect();
    const setup = await nodeSession.channel(consumerConnection);
    await setup.assertQueue(QUEUE, { durable: true });
    m.gauge('maxLength').set(0);
    m.gauge('queueDepth').set(0);

    const blockedGauge = m.gauge('blockedMs');
    const clock = new BlockedClock();
    publisherConnection.on('blocked', (reason: string) => {
      clock.block(performance.now(), publisher.publishedCount);
      ctx.mark(`connection blocked (${reason})`, 'fault');
    });
    publisherConnection.on('unblocked', () => {
      const ms = clock.unblock(performance.now(), publisher.publishedCount);
      ctx.event(
        `unblocked after ${fmt(Math.round(ms))} ms: the consumer drained the node below its watermark`,
        { mark: true },
      );
    });

    const publisher = new ConfirmedPublisher(
      await nodeSession.confirmChannel(publisherConnection),
      {
        exchange: '',
        routingKey: QUEUE,
        messageSize: p.bigMessageKb * 1024,
        confirmWindow: CONFIRM_WINDOW,
        failed: session.failure.failed,
        counters: {
          published: m.counter('published'),
          confirmed: m.counter('confirmed'),
          nacked: m.counter('nacked'),
        },
      },
    );
    const consumedCounter = m.counter('consumed');
    let drainFast = false;
    const consumer = new CountingConsumer(await nodeSession.channel(consumerConnection), {
      queue: QUEUE,
      prefetch: PREFETCH,
      delayMs: () => (drainFast ? 0 : 1000 / ctx.params.consumeRate),
      onProcessed: () => consumedCounter.inc(),
      onError: (e) => session.failure.fail(e),
    });
    await consumer.start();
    const poller = new QueueDepthPoller(await nodeSession.channel(consumerConnection), [QUEUE], {
      everyMs: 200,
      gauges: [m.gauge('queueDepth')],
      onReading: () => blockedGauge.set(Math.round(clock.totalMs(performance.now()))),
      onError: (e) => session.failure.fail(e),
    });
    poller.start();

    const watermark = await startAlarmWatch(node, p.headroomMb * MB);
    ctx.event(
      `the node uses ${(watermark.baseBytes / MB).toFixed(0)} MB; its memory watermark is now ${(watermark.watermarkBytes / MB).toFixed(0)} MB. Publishing ${p.bigMessageKb} KB messages`,
      { mark: true },
    );

    clock.start(performance.now(), 0);
    const pacer = ctx.pacer(() => ctx.params.publishRate);
    const deadline = performance.now() + p.memoryPhaseSec * 1000;
    let lastPublishMs = Date.now();
    while (
      performance.now() < deadline &&
      (await Promise.race([pacer.wait(), session.failure.failed]))
    ) {
      lastPublishMs = Date.now();
      await publisher.publish(ctx.signal);
    }
    // The publisher stops; the consumer speeds up so the alarm clears and both clocks close
    // their last blocked stretch before they are compared.
    drainFast = true;
    await waitFor(() => !clock.blocked, { withinMs: UNBLOCK_WAIT_MS, everyMs: 20 });
    clock.stop(performance.now(), publisher.publishedCount);
    const { record: alarm, afterMs: alarmAfterPublishingMs } = whilePublishing(
      await stopAlarmWatch(node),
      lastPublishMs,
    );
    blockedGauge.set(Math.round(clock.totalMs(performance.now())));
    await publisher.waitForConfirms(1_000);
    await poller.stop();
    session.failure.check();
    return {
      watermark,
      alarm,
      alarmAfterPublishingMs,
      clock,
      published: publisher.publishedCount,
      confirmed: publisher.confirmedCount,
    };
  } finally {
    await nodeSession.close();
  }
}
