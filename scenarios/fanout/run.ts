import type { RunContext } from '../src/sdk/contract.ts';
import { withDeadline } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  DEFAULT_CONFIRM_WINDOW,
  QueueDepthPoller,
  declareExchange,
  declareQueue,
} from '../src/sdk/amqp/index.ts';
import { FINAL_PHASE_MS, finishFanout } from './final-phase.ts';
import { deliveredKey, queueDepthKey } from './metrics.ts';
import { BacklogNarrator, loadStory, slowSubscriberStory } from './narration.ts';
import type { FanoutParams } from './params.ts';

export async function runFanout(ctx: RunContext<FanoutParams>): Promise<void> {
  // Shape params are fixed for the run; only messagesPerSec and slowSubscriberDelayMs are live.
  const { subscribers: count, messageSize, persistent, prefetch } = ctx.params;
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const exchange = ctx.names.exchange('fanout');
  const queues = Array.from({ length: count }, (_, k) => ctx.names.queue(`s${k + 1}`));
  const latency = ctx.metrics.histogram('e2eLatency');
  const delivered = ctx.metrics.counter('delivered');
  const duplicates = ctx.metrics.counter('duplicates');
  const subscribers: CountingConsumer[] = [];
  let draining = false;
  let poller: QueueDepthPoller | undefined;

  try {
    const publishing = await session.connect();
    const consuming = await session.connect();
    const admin = await session.channel(consuming);

    await declareExchange(admin, ctx.resources, exchange, 'fanout');
    for (const queue of queues) {
      await declareQueue(admin, ctx.resources, queue);
      await admin.bindQueue(queue, exchange, '');
    }

    for (const [k, queue] of queues.entries()) {
      const index = k + 1;
      const subscriber = new CountingConsumer(await session.channel(consuming), {
        queue,
        prefetch,
        delayMs: index === 1 ? () => (draining ? 0 : ctx.params.slowSubscriberDelayMs) : () => 0,
        sleep: (ms) => ctx.sleep(ms),
        recorders: {
          delivered: [ctx.metrics.counter(deliveredKey(index)), delivered],
          duplicates,
          latency,
        },
        onError,
      });
      await subscriber.start();
      subscribers.push(subscriber);
    }
    ctx.event(
      `fanout exchange with ${count} bound queue${count === 1 ? '' : 's'}, one subscriber each (prefetch ${prefetch}): every message is copied to every queue`,
    );

    const backlog = new BacklogNarrator((message) => ctx.event(message));
    poller = new QueueDepthPoller(admin, queues, {
      gauges: queues.map((_, k) => ctx.metrics.gauge(queueDepthKey(k + 1))),
      onReading: (depths) => {
        if (!draining) backlog.observe(depths);
      },
      onError,
    });
    poller.start();

    let nackEvents = 0;
    const publishChannel = await session.confirmChannel(publishing);
    const publisher = new ConfirmedPublisher(publishChannel, {
      exchange,
      messageSize,
      persistent,
      failed: failure.failed,
      counters: {
        published: ctx.metrics.counter('published'),
        confirmed: ctx.metrics.counter('confirmed'),
      },
      onNack: (seq) => {
        // A nack is rare and worth seeing, but a broker in trouble nacks in bulk.
        if (!draining && nackEvents++ < 3) {
          ctx.event(
            `RabbitMQ nacked message #${seq}: it did not take responsibility for it`,
            'warn',
          );
        }
      },
      onWindowFull: () =>
        ctx.event(
          `${DEFAULT_CONFIRM_WINDOW} publishes await confirms: the publisher now waits for the broker, whose confirm rate sets the pace`,
          'warn',
        ),
    });

    const delayMs = (): number => ctx.params.slowSubscriberDelayMs;
    ctx.event(loadStory(ctx.params.messagesPerSec, count, delayMs(), delayMs() > 0));
    ctx.onParamsChange((changed) => {
      if (draining) return;
      const slowChanged = changed.includes('slowSubscriberDelayMs');
      if (changed.includes('messagesPerSec')) {
        ctx.event(
          loadStory(ctx.params.messagesPerSec, count, delayMs(), slowChanged || delayMs() > 0),
        );
      } else if (slowChanged) {
        ctx.event(slowSubscriberStory(ctx.params.messagesPerSec, delayMs()));
      }
    });

    await publisher.run(
      ctx.pacer(() => ctx.params.messagesPerSec),
      ctx.signal,
    );
    failure.check();
    // The engine shades the drain; the line says why its burst is off the scale.
    ctx.mark(
      delayMs() > 0
        ? 'publisher stopped; subscriber 1 sped up to drain its backlog'
        : 'publisher stopped; draining',
    );

    await withDeadline(
      finishFanout({
        ctx,
        publisher,
        publishChannel,
        subscribers,
        admin,
        queues,
        poller,
        lost: ctx.metrics.counter('lost'),
        failure,
        startDraining: () => {
          draining = true;
        },
      }),
      FINAL_PHASE_MS,
      'the final phase',
    );
  } finally {
    await poller?.stop();
    for (const subscriber of subscribers) await subscriber.close();
    await session.close();
  }
  failure.check();
}
