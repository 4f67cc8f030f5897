import type { Channel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
  declareQueue,
  declareStream,
  readQueueDepths,
  streamConsumeArguments,
} from '../src/sdk/amqp/index.ts';
import type { FailureLatch } from '../src/sdk/index.ts';
import { QUEUE_TYPES, confirmedKey, heldKey, latencyKey, throughputKey } from './metrics.ts';
import type { QueueType } from './metrics.ts';
import type { QueueTypesParams } from './params.ts';
import { ReplayLog } from './replay.ts';

// After the stop: confirms, then every consumer and the replay caught up, then the broker's
// count; inside the engine's 8 s budget.
const CONFIRM_WAIT_MS = 1500;
const CATCH_UP_WAIT_MS = 3000;
const FINAL_PHASE_MS = 6000;

interface Lane {
  type: QueueType;
  queue: string;
  publisher: ConfirmedPublisher;
  consumer: CountingConsumer;
}

export async function runQueueTypes(ctx: RunContext<QueueTypesParams>): Promise<void> {
  const { messageSize, persistent, prefetch, replayFromOffset } = ctx.params;
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const consumers: CountingConsumer[] = [];
  let poller: QueueDepthPoller | undefined;

  // Every connection without Nagle's algorithm: it would add up to 40 ms to a publish or an
  // ack, and the latencies compared here are the queues', not TCP's.
  const connect = async (): Promise<Awaited<ReturnType<AmqpSession['connect']>>> => {
    const connection = await session.connect();
    return connection;
  };

  try {
    const consuming = await connect();
    const admin = await session.channel(consuming);
    const names: Record<QueueType, string> = {
      classic: ctx.names.queue('classic'),
      quorum: ctx.names.queue('quorum'),
      stream: ctx.names.queue('stream'),
    };
    await declareQueue(admin, ctx.resources, names.classic, {
      arguments: { 'x-queue-type': 'classic' },
    });
    // Quorum queues are always durable: a Raft log, on one node here, fsynced before a confirm.
    await declareQueue(admin, ctx.resources, names.quorum, {
      arguments: { 'x-queue-type': 'quorum' },
    });
    await declareStream(admin, ctx.resources, names.stream);

    const lanes: Lane[] = [];
    for (const type of QUEUE_TYPES) {
      const queue = names[type];
      const consumer = new CountingConsumer(await session.channel(consuming), {
        queue,
        prefetch,
        recorders: {
          delivered: [ctx.metrics.counter(throughputKey(type))],
          latency: ctx.metrics.histogram(latencyKey(type)),
        },
        // A stream consumer says where to start; this one reads everything from the start.
        ...(type === 'stream' ? { consumeArguments: streamConsumeArguments('first') } : {}),
        onError,
      });
      await consumer.start();
      consumers.push(consumer);
      // A connection per publisher: RabbitMQ's flow control throttles a connection, and one
      // queue type falling behind must not hold back the others.
      const publisher = new ConfirmedPublisher(await session.confirmChannel(await connect()), {
        exchange: '',
        routingKey: queue,
        messageSize,
        persistent,
        failed: failure.failed,
        counters: { confirmed: ctx.metrics.counter(confirmedKey(type)) },
        onWindowFull: () =>
          ctx.event(
            `the ${type} queue's publisher has 1,000 publishes awaiting confirms: it now goes at the pace RabbitMQ confirms them`,
            { level: 'warn', mark: true },
          ),
      });
      lanes.push({ type, queue, publisher, consumer });
    }

    poller = new QueueDepthPoller(
      admin,
      lanes.map((l) => l.queue),
      { gauges: lanes.map((l) => ctx.metrics.gauge(heldKey(l.type))), onError },
    );
    poller.start();

    ctx.event(
      `one node on loopback, three queues, the same load: ${ctx.params.messagesPerSec} msg/s of ${fmt(messageSize)} bytes into each of a classic queue${persistent ? ' (persistent messages)' : ' (transient messages)'}, a quorum queue and a stream, each with a consumer (prefetch ${prefetch})`,
    );
    ctx.onParamsChange((changed) => {
      if (changed.includes('messagesPerSec') && !ctx.signal.aborted) {
        ctx.event(`now ${ctx.params.messagesPerSec} msg/s into each queue`);
      }
    });

    const replayLog = new ReplayLog();
    const streamLane = lanes[2];
    if (streamLane === undefined) throw new Error('no stream lane');
    const replay = startReplayHalfway(ctx, session, consuming, names.stream, replayLog, {
      streamPublisher: streamLane.publisher,
      consumers,
      failure,
    }).catch((error: unknown) => {
      failure.fail(error);
      return false;
    });

    // Each queue type gets its own pacer at the same rate, all at once: the same offered load.
    await Promise.all(
      lanes.map((lane) =>
        lane.publisher.run(
          ctx.pacer(() => ctx.params.messagesPerSec),
          ctx.signal,
        ),
      ),
    );
    failure.check();
    ctx.mark('publishers stopped; consumers and the replay catch up');
    const started = await replay;

    await withDeadline(
      (async () => {
        await Promise.all(lanes.map((l) => l.publisher.waitForConfirms(CONFIRM_WAIT_MS)));
        const caughtUp = (): boolean =>
          lanes.every(
            (l) => l.consumer.pending === 0 && l.consumer.seen.size >= l.publisher.confirmedCount,
          ) &&
          (!started ||
            replayFromOffset >= streamLane.publisher.confirmedCount ||
            replayLog.lastOffset >= streamLane.publisher.confirmedCount - 1);
        if (!(await waitFor(caughtUp, { withinMs: CATCH_UP_WAIT_MS, everyMs: 20 }))) {
          ctx.event(
            `after ${CATCH_UP_WAIT_MS} ms a consumer or the replay had not caught up`,
            'warn',
          );
        }
        await poller?.stop();
        // Closing returns what a consumer held unacked to its queue, so RabbitMQ's count below
        // is everything a consumer did not finish, to set against what it lacks.
        for (const consumer of consumers) await consumer.close();
        const depths = await readQueueDepths(admin, [names.classic, names.quorum]);
        for (const lane of lanes) {
          const { type, publisher, consumer } = lane;
          ctx.fact(`confirmed.${type}`, publisher.confirmedCount);
          ctx.fact(`nacked.${type}`, publisher.nacked);
          ctx.fact(`missing.${type}`, consumer.seen.missingFrom(publisher.confirmedSet));
          ctx.fact(`duplicates.${type}`, consumer.duplicates);
          ctx.fact(`redelivered.${type}`, consumer.redelivered);
        }
        ctx.fact('depth.classic', depths[0] ?? -1);
        ctx.fact('depth.quorum', depths[1] ?? -1);
        ctx.fact('replayStarted', started);
        ctx.fact('replayFirstOffset', replayLog.firstOffset ?? -1);
        ctx.fact('replayLastOffset', replayLog.lastOffset);
        ctx.fact('replayCount', replayLog.count);
        ctx.fact('replayOutOfOrder', replayLog.outOfOrder);
        ctx.fact('replayWrongSeq', replayLog.wrongSeq);
      })(),
      FINAL_PHASE_MS,
      'the final phase',
    );
  } finally {
    await poller?.stop();
    for (const consumer of consumers) await consumer.close();
    await session.close();
  }
  failure.check();
}

/**
 * Halfway through the load, a second consumer attaches to the stream at `replayFromOffset`:
 * the live consumer has read those messages already, and the stream still has every one.
 * Resolves true once it is attached, false if the run stopped first.
 */
async function startReplayHalfway(
  ctx: RunContext<QueueTypesParams>,
  session: AmqpSession,
  connection: Awaited<ReturnType<AmqpSession['connect']>>,
  stream: string,
  log: ReplayLog,
  lane: {
    streamPublisher: ConfirmedPublisher;
    consumers: CountingConsumer[];
    failure: FailureLatch;
  },
): Promise<boolean> {
  await ctx.sleep(ctx.durationMs / 2);
  if (ctx.signal.aborted) return false;
  const from = ctx.params.replayFromOffset;
  const head = lane.streamPublisher.confirmedCount;
  const channel: Channel = await session.channel(connection);
  const attachedAt = performance.now();
  let caughtUp = false;
  const replayed = ctx.metrics.counter('replayed');
  const consumer = new CountingConsumer(channel, {
    queue: stream,
    prefetch: ctx.params.prefetch,
    consumeArguments: streamConsumeArguments(from),
    recorders: { delivered: [replayed] },
    onDelivery: (msg, decoded) => {
      log.observe(msg, decoded);
      if (!caughtUp && from < head && log.lastOffset >= head - 1) {
        caughtUp = true;
        const ms = performance.now() - attachedAt;
        ctx.event(
          `the replay caught up with the stream's head: ${fmt(log.count)} messages of history in ${fmt(Math.round(ms))} ms (${fmt(Math.round((log.count * 1000) / Math.max(ms, 1)))} msg/s); it now follows live like the first consumer`,
          { mark: true },
        );
      }
    },
    onError: (e) => lane.failure.fail(e),
  });
  await consumer.start();
  lane.consumers.push(consumer);
  ctx.event(
    from < head
      ? `a replay consumer attaches to the stream at offset ${fmt(from)}: the first consumer read those ${fmt(head - from)} messages long ago, and the stream still holds them; the classic and quorum queues hold none of what was consumed`
      : `a replay consumer attaches to the stream at offset ${fmt(from)}, beyond its ${fmt(head)} messages: it waits there until the stream reaches that offset`,
    { mark: true },
  );
  return true;
}
