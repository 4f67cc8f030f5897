import type { Channel, ChannelModel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import { closeQuietly } from './amqp-connection.ts';
import { pollQueueDepths } from './depth-poller.ts';
import { FailureLatch, withDeadline } from '../src/sdk/index.ts';
import { FINAL_PHASE_MS, finishFanout } from './final-phase.ts';
import { deliveredKey, queueDepthKey } from './metrics.ts';
import { BacklogNarrator, loadStory, slowSubscriberStory } from './narration.ts';
import type { FanoutParams } from './params.ts';
import { CONFIRM_WINDOW, Publisher } from './publisher.ts';
import { Subscriber } from './subscriber.ts';

// Should the server crash, RabbitMQ deletes the queues itself once unused for this long; a normal
// run has the engine delete them at its end.
const QUEUE_EXPIRES_MS = 15 * 60_000;

export async function runFanout(ctx: RunContext<FanoutParams>): Promise<void> {
  // Shape params are fixed for the run; only messagesPerSec and slowSubscriberDelayMs are live.
  const { subscribers: count, messageSize, persistent, prefetch } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const exchange = ctx.names.exchange('fanout');
  const queues = Array.from({ length: count }, (_, k) => ctx.names.queue(`s${k + 1}`));
  const latency = ctx.metrics.histogram('e2eLatency');
  const depthGauges = queues.map((_, k) => ctx.metrics.gauge(queueDepthKey(k + 1)));
  const counters = {
    published: ctx.metrics.counter('published'),
    confirmed: ctx.metrics.counter('confirmed'),
    delivered: ctx.metrics.counter('delivered'),
    duplicates: ctx.metrics.counter('duplicates'),
    lost: ctx.metrics.counter('lost'),
  };

  const connections: ChannelModel[] = [];
  const channels: Channel[] = [];
  const subscribers: Subscriber[] = [];
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();
  let draining = false;
  const stopPolling = async (): Promise<void> => {
    polling.abort();
    // The poll in flight finishes first (one checkQueue per queue), unless the broker is gone.
    await withDeadline(poller, 1000, 'the depth poller').catch(() => undefined);
  };
  const open = async (): Promise<ChannelModel> => {
    const connection = await ctx.brokers.amqp();
    connection.on('error', onError);
    connections.push(connection);
    return connection;
  };
  const track = <C extends Channel>(channel: C): C => {
    channel.on('error', onError);
    channels.push(channel);
    return channel;
  };

  try {
    // Publisher and subscribers on separate connections: when RabbitMQ throttles a publishing
    // connection (flow control), consumers sharing it would stall too.
    const publishing = await open();
    const consuming = await open();
    const admin = track(await consuming.createChannel());

    // Durable even when messages are not persistent: RabbitMQ deprecates transient non-exclusive
    // queues, and durability costs nothing until a message is persistent.
    ctx.resources.exchange(exchange);
    await admin.assertExchange(exchange, 'fanout', { durable: true, autoDelete: false });
    for (const queue of queues) {
      ctx.resources.queue(queue);
      await admin.assertQueue(queue, {
        durable: true,
        exclusive: false,
        autoDelete: false,
        arguments: { 'x-expires': QUEUE_EXPIRES_MS },
      });
      await admin.bindQueue(queue, exchange, '');
    }

    for (const [k, queue] of queues.entries()) {
      const index = k + 1;
      const recorders = {
        delivered: ctx.metrics.counter(deliveredKey(index)),
        deliveredTotal: counters.delivered,
        duplicates: counters.duplicates,
        latency,
      };
      const delayMs =
        index === 1 ? (): number => (draining ? 0 : ctx.params.slowSubscriberDelayMs) : () => 0;
      const subscriber = new Subscriber(
        index,
        track(await consuming.createChannel()),
        queue,
        recorders,
        {
          delayMs,
          sleep: (ms) => ctx.sleep(ms),
          onError,
        },
      );
      await subscriber.start(prefetch);
      subscribers.push(subscriber);
    }
    ctx.event(
      `fanout exchange with ${count} bound queue${count === 1 ? '' : 's'}, one subscriber each (prefetch ${prefetch}): every message is copied to every queue`,
    );

    const backlog = new BacklogNarrator((message) => ctx.event(message));
    poller = pollQueueDepths(admin, queues, depthGauges, polling.signal, (depths) => {
      if (!draining) backlog.observe(depths);
    }).catch(onError);

    let nackEvents = 0;
    const publishChannel = track(await publishing.createConfirmChannel());
    const publisher = new Publisher(publishChannel, {
      exchange,
      messageSize,
      persistent,
      published: counters.published,
      confirmed: counters.confirmed,
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
          `${CONFIRM_WINDOW} publishes await confirms: the publisher now waits for the broker, whose confirm rate sets the pace`,
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
      failure.failed,
      ctx.signal,
    );
    failure.check();

    await withDeadline(
      finishFanout({
        ctx,
        publisher,
        publishChannel,
        subscribers,
        admin,
        queues,
        depthGauges,
        lost: counters.lost,
        failure,
        stopPolling,
        startDraining: () => {
          draining = true;
        },
      }),
      FINAL_PHASE_MS,
      'the final phase',
    );
  } finally {
    await stopPolling();
    for (const subscriber of subscribers) await subscriber.close();
    for (const channel of channels) await closeQuietly(channel);
    for (const connection of connections) await closeQuietly(connection);
  }
  failure.check();
}
