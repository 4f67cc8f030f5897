import type { ConsumeMessage } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import { ThresholdNarrator, Throttle, plural, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  QueueDepthPoller,
  SeenSet,
  closeQuietly,
  declareExchange,
  declareQueue,
  decodeMessage,
  depthOnceConsumersGone,
  readQueueDepths,
} from '../src/sdk/amqp/index.ts';
import { factKeys } from './checks.ts';
import { deadKey, depthKeys } from './metrics.ts';
import type { DeadLetterParams } from './params.ts';
import { RetryingWorker } from './worker.ts';
import type { Outcome } from './worker.ts';
import { REASONS, deathCount, deathsOf, isReason } from './x-death.ts';
import type { DeathReason } from './x-death.ts';

const ROUTING_KEY = 'task';
const PREFETCH = 10;
const CONFIRM_WAIT_MS = 1000;
const READ_BACK_MS = 1500;

const REASON_STORY: Record<DeathReason, string> = {
  rejected: 'rejected by the worker without requeue, as unprocessable',
  expired: 'their per-message TTL ran out while they waited in the work queue',
  maxlen: 'pushed out of the head of the full work queue by newer messages',
};

export async function runDeadLetter(ctx: RunContext<DeadLetterParams>): Promise<void> {
  const p = ctx.params;
  const { maxAttempts, retryDelayMs, maxLength, ttlShare, messageTtlMs } = p;
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const names = {
    workX: ctx.names.exchange('work'),
    dlx: ctx.names.exchange('dlx'),
    work: ctx.names.queue('work'),
    retry: ctx.names.queue('retry'),
    dead: ctx.names.queue('dead-letters'),
    tap: ctx.names.queue('dead-tap'),
    parking: ctx.names.queue('parking-lot'),
  };
  const ttlSet = new SeenSet();
  const tapped: Record<DeathReason, number> = { rejected: 0, expired: 0, maxlen: 0 };
  let expiredWithoutTtl = 0;
  let tapTotal = 0;
  let draining = false;
  let poller: QueueDepthPoller | undefined;
  let worker: RetryingWorker | undefined;

  try {
    const publishing = await session.connect();
    const consuming = await session.connect();
    const admin = await session.channel(consuming);
    await declareExchange(admin, ctx.resources, names.workX, 'direct');
    await declareExchange(admin, ctx.resources, names.dlx, 'fanout');
    // Whatever dies in the work queue, for whatever reason, goes to the one dead-letter exchange.
    await declareQueue(admin, ctx.resources, names.work, {
      arguments: {
        'x-max-length': maxLength,
        'x-overflow': 'drop-head',
        'x-dead-letter-exchange': names.dlx,
      },
    });
    await admin.bindQueue(names.work, names.workX, ROUTING_KEY);
    await declareQueue(admin, ctx.resources, names.dead);
    await admin.bindQueue(names.dead, names.dlx, '');
    await declareQueue(admin, ctx.resources, names.tap);
    await admin.bindQueue(names.tap, names.dlx, '');
    // A delay with no timer in the worker: the copy waits out the queue's TTL, then RabbitMQ
    // dead-letters it (reason expired) back through the work exchange.
    await declareQueue(admin, ctx.resources, names.retry, {
      arguments: {
        'x-message-ttl': retryDelayMs,
        'x-dead-letter-exchange': names.workX,
        'x-dead-letter-routing-key': ROUTING_KEY,
      },
    });
    await declareQueue(admin, ctx.resources, names.parking);

    // The monitor reads every dead letter's newest x-death entry: why it died in the work queue.
    const narrators = Object.fromEntries(
      REASONS.map((reason) => [
        reason,
        new ThresholdNarrator(1, (n) =>
          ctx.event(
            `${plural(n, 'message')} dead-lettered so far as ${reason}: ${REASON_STORY[reason]}`,
            {
              mark: n === 1,
            },
          ),
        ),
      ]),
    ) as Record<DeathReason, ThresholdNarrator>;
    const deadCounters = Object.fromEntries(
      REASONS.map((reason) => [reason, ctx.metrics.counter(deadKey(reason))]),
    ) as Record<DeathReason, ReturnType<typeof ctx.metrics.counter>>;
    const tapChannel = await session.channel(consuming);
    const onDeadLetter = (msg: ConsumeMessage | null): void => {
      if (msg === null) return;
      tapTotal++;
      const newest = deathsOf(msg.properties.headers)[0];
      if (newest?.queue !== names.work || !isReason(newest.reason)) return;
      const reason = newest.reason;
      tapped[reason]++;
      deadCounters[reason].inc();
      narrators[reason].observe(tapped[reason]);
      const seq = decodeMessage(msg.content)?.seq;
      if (reason === 'expired' && (seq === undefined || !ttlSet.has(seq))) expiredWithoutTtl++;
    };
    await tapChannel.consume(names.tap, onDeadLetter, { noAck: true });

    const parkThrottle = new Throttle(2000);
    const outcome = (): Outcome => {
      const r = ctx.random.next();
      if (r < ctx.params.poisonRate) return 'poison';
      return r < ctx.params.poisonRate + ctx.params.failureRate ? 'fail' : 'ok';
    };
    worker = new RetryingWorker(
      await session.channel(consuming),
      await session.confirmChannel(publishing),
      {
        queue: names.work,
        retryQueue: names.retry,
        parkingLot: names.parking,
        prefetch: PREFETCH,
        maxAttempts,
        processingMs: () => (draining ? 0 : ctx.params.processingMs),
        outcome,
        recorders: {
          delivered: ctx.metrics.counter('delivered'),
          processed: ctx.metrics.counter('processed'),
          retried: ctx.metrics.counter('retried'),
          parked: ctx.metrics.counter('parked'),
        },
        onPark: (seq, attempts) => {
          if (parkThrottle.allow('park')) {
            ctx.event(
              `message #${seq} failed ${plural(attempts, 'attempt')}: parked for a human instead of retried again`,
            );
          }
        },
        onError,
      },
    );
    await worker.start();

    poller = new QueueDepthPoller(admin, [names.work, names.retry, names.dead, names.parking], {
      gauges: [depthKeys.work, depthKeys.retry, depthKeys.dead, depthKeys.parked].map((k) =>
        ctx.metrics.gauge(k),
      ),
      onError,
    });
    poller.start();

    const publishChannel = await session.confirmChannel(publishing);
    const publisher = new ConfirmedPublisher(publishChannel, {
      exchange: names.workX,
      routingKey: ROUTING_KEY,
      messageSize: 64,
      failed: failure.failed,
      counters: { confirmed: ctx.metrics.counter('confirmed') },
      properties: (seq) => {
        if (ctx.random.next() >= ttlShare) return {};
        ttlSet.add(seq);
        return { expiration: String(messageTtlMs) };
      },
    });
    const capacity = p.processingMs > 0 ? `${Math.round(1000 / p.processingMs)} msg/s` : 'no limit';
    ctx.event(
      `${p.messagesPerSec} msg/s into a work queue capped at ${maxLength} (the worker's pace: ${capacity}); ${Math.round(ttlShare * 100)}% carry a ${messageTtlMs} ms TTL; failures retry after ${retryDelayMs} ms, parked after ${plural(maxAttempts, 'attempt')}`,
    );

    await publisher.run(
      ctx.pacer(() => ctx.params.messagesPerSec),
      ctx.signal,
    );
    failure.check();

    const running = worker;
    await withDeadline(
      (async () => {
        draining = true;
        ctx.event(
          `publisher stopped after ${publisher.publishedCount} messages; the worker now works at once, and the last retries come round`,
        );
        await publisher.waitForConfirms(CONFIRM_WAIT_MS);
        // Every retry may take up to maxAttempts trips through the delay.
        const drainMs = Math.min(maxAttempts * (retryDelayMs + 200) + 1500, 12_000);
        const drained = await waitFor(
          async () => {
            if (failure.error !== undefined) return true;
            if (running.pending > 0) return false;
            const [work, retry, dead] = await readQueueDepths(admin, [
              names.work,
              names.retry,
              names.dead,
            ]);
            return work === 0 && retry === 0 && dead === tapTotal;
          },
          { withinMs: drainMs, everyMs: 25 },
        );
        failure.check();
        await poller?.stop();
        await running.close();
        await closeQuietly(tapChannel);
        await closeQuietly(publishChannel);
        const { depth: work } = await depthOnceConsumersGone(admin, names.work);
        const [retry = -1, dead = -1, parked = -1] = await readQueueDepths(admin, [
          names.retry,
          names.dead,
          names.parking,
        ]);
        for (const [key, depth] of [
          [depthKeys.work, work],
          [depthKeys.retry, retry],
          [depthKeys.dead, dead],
          [depthKeys.parked, parked],
        ] as const) {
          ctx.metrics.gauge(key).set(depth);
        }
        const history = await readBackParked(parked);
        ctx.fact(factKeys.confirmed, publisher.confirmedCount);
        ctx.fact(factKeys.processed, running.processed.size);
        ctx.fact(factKeys.depthWork, work);
        ctx.fact(factKeys.depthRetry, retry);
        ctx.fact(factKeys.depthDead, dead);
        ctx.fact(factKeys.depthParked, parked);
        ctx.fact(factKeys.rejectedByWorker, running.rejected);
        ctx.fact(factKeys.parkedByWorker, running.parked);
        ctx.fact(factKeys.ttlPublished, ttlSet.size);
        ctx.fact(factKeys.expiredWithoutTtl, expiredWithoutTtl);
        ctx.fact(factKeys.parkedReadBack, history.readBack);
        ctx.fact(factKeys.parkedWithFullHistory, history.full);
        ctx.fact('drainComplete', drained);
        ctx.event(
          `at the end: ${running.processed.size} processed, ${dead} in the dead-letter queue (${tapped.rejected} rejected, ${tapped.expired} expired, ${tapped.maxlen} overflowed), ${parked} parked, of ${publisher.confirmedCount} confirmed`,
        );
      })(),
      Math.min(maxAttempts * (retryDelayMs + 200) + 1500, 12_000) + CONFIRM_WAIT_MS + 3000,
      'the final phase',
    );
  } finally {
    await poller?.stop();
    await worker?.close();
    await session.close();
  }
  failure.check();

  /** Reads every parked message back and counts those whose x-death shows the full history. */
  async function readBackParked(depth: number): Promise<{ readBack: number; full: number }> {
    const result = { readBack: 0, full: 0 };
    if (depth <= 0) return result;
    const channel = await session.channel(await session.connect());
    await channel.consume(
      names.parking,
      (msg) => {
        if (msg === null) return;
        result.readBack++;
        if (
          deathCount(deathsOf(msg.properties.headers), names.retry, 'expired') ===
          maxAttempts - 1
        ) {
          result.full++;
        }
      },
      { noAck: true },
    );
    await waitFor(() => result.readBack >= depth, { withinMs: READ_BACK_MS, everyMs: 10 });
    await closeQuietly(channel);
    return result;
  }
}
