import type { RunContext } from '../src/sdk/contract.ts';
import { plural, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
  SeenSet,
  closeQuietly,
  declareQueue,
  decodeMessage,
  depthOnceConsumersGone,
  readQueueDepths,
} from '../src/sdk/amqp/index.ts';
import { factKeys } from './checks.ts';
import { deliveredKey, inFlightKey } from './metrics.ts';
import { crashStory, loadStory, modeStory } from './narration.ts';
import type { AcksParams } from './params.ts';

const CRASH_TICK_MS = 100;
const CONFIRM_WAIT_MS = 1000;
const DRAIN_WAIT_MS = 2500;
const FINAL_PHASE_MS = 5000;

export async function runAcks(ctx: RunContext<AcksParams>): Promise<void> {
  // Shape params are fixed for the run; the rate, the processing time and the crashes are live.
  const { ackMode, consumers: count, prefetch } = ctx.params;
  const manual = ackMode === 'manual';
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const queue = ctx.names.queue('work');
  const m = {
    delivered: ctx.metrics.counter('delivered'),
    acked: ctx.metrics.counter('acked'),
    processed: ctx.metrics.counter('processed'),
    redelivered: ctx.metrics.counter('redelivered'),
    duplicates: ctx.metrics.counter('duplicates'),
    requeued: ctx.metrics.counter('requeued'),
    lost: ctx.metrics.counter('lost'),
    inFlight: ctx.metrics.gauge('inFlight'),
  };
  // Shared by every consumer the run starts, replacements included: a redelivery that lands on
  // another consumer is still a second sight of the same message.
  const seen = new SeenSet();
  const processedSet = new SeenSet();
  const slots: CountingConsumer[] = [];
  const everyConsumer: CountingConsumer[] = [];
  let draining = false;
  let crashes = 0;
  let poller: QueueDepthPoller | undefined;

  try {
    const publishing = await session.connect();
    const consuming = await session.connect();
    const admin = await session.channel(consuming);
    await declareQueue(admin, ctx.resources, queue);

    const startConsumer = async (index: number): Promise<CountingConsumer> => {
      const consumer = new CountingConsumer(await session.channel(consuming), {
        queue,
        ack: ackMode,
        prefetch,
        seen,
        delayMs: () => (draining ? 0 : ctx.params.processingMs),
        sleep: (ms) => ctx.sleep(ms),
        recorders: {
          // Under auto ack RabbitMQ counts the message acknowledged as it sends it.
          delivered: [
            m.delivered,
            ctx.metrics.counter(deliveredKey(index)),
            ...(manual ? [] : [m.acked]),
          ],
          duplicates: m.duplicates,
          redelivered: m.redelivered,
        },
        onProcessed: (msg) => {
          const decoded = decodeMessage(msg.content);
          if (decoded !== undefined) processedSet.add(decoded.seq);
          m.processed.inc();
          if (manual) m.acked.inc();
        },
        onError,
      });
      await consumer.start();
      everyConsumer.push(consumer);
      return consumer;
    };
    for (let i = 1; i <= count; i++) slots.push(await startConsumer(i));
    ctx.event(modeStory(ctx.params));

    const inFlightGauges = slots.map((_, k) => ctx.metrics.gauge(inFlightKey(k + 1)));
    const readInFlight = (): void => {
      let total = 0;
      for (const [k, consumer] of slots.entries()) {
        total += consumer.pending;
        inFlightGauges[k]?.set(consumer.pending);
      }
      m.inFlight.set(total);
    };
    poller = new QueueDepthPoller(admin, [queue], {
      gauges: [ctx.metrics.gauge('queueDepth')],
      onReading: readInFlight,
      onError,
    });
    poller.start();

    const publishChannel = await session.confirmChannel(publishing);
    const publisher = new ConfirmedPublisher(publishChannel, {
      exchange: '',
      routingKey: queue,
      messageSize: 64,
      failed: failure.failed,
      counters: { confirmed: ctx.metrics.counter('confirmed') },
    });
    ctx.event(loadStory(ctx.params));
    ctx.onParamsChange((changed) => {
      if (draining) return;
      if (changed.includes('messagesPerSec') || changed.includes('processingMs')) {
        ctx.event(loadStory(ctx.params));
      }
      if (changed.includes('crashEverySec')) {
        const every = ctx.params.crashEverySec;
        ctx.event(every > 0 ? `a consumer now crashes every ${every} s` : 'crashes stopped');
      }
    });

    // Cancel first: RabbitMQ's cancel-ok follows every delivery it sent this consumer, so what
    // it holds at the crash is known exactly. A real crash loses the same messages, but some of
    // them die in the socket buffer where no one could count them.
    const crashOne = async (k: number): Promise<void> => {
      const victim = slots[k];
      if (victim === undefined) return;
      await victim.cancel();
      const held = victim.pending;
      await victim.crash();
      crashes++;
      (manual ? m.requeued : m.lost).inc(held);
      ctx.event(crashStory(k + 1, held, manual), {
        mark: true,
        level: manual || held === 0 ? 'info' : 'warn',
      });
      slots[k] = await startConsumer(k + 1);
    };
    const crashLoop = async (): Promise<void> => {
      let last = performance.now();
      let next = 0;
      while (!ctx.signal.aborted) {
        await ctx.sleep(CRASH_TICK_MS);
        const every = ctx.params.crashEverySec;
        if (ctx.signal.aborted || every <= 0) {
          last = performance.now();
          continue;
        }
        if (performance.now() - last < every * 1000) continue;
        last = performance.now();
        await crashOne(next);
        next = (next + 1) % count;
      }
    };
    const crashing = crashLoop().catch(onError);

    await publisher.run(
      ctx.pacer(() => ctx.params.messagesPerSec),
      ctx.signal,
    );
    await crashing;
    failure.check();

    await withDeadline(
      (async () => {
        draining = true;
        ctx.event(
          `publisher stopped after ${publisher.publishedCount} messages; crashes stop and the consumers process at once to drain`,
        );
        await publisher.waitForConfirms(CONFIRM_WAIT_MS);
        const confirmedSet = publisher.confirmedSet;
        const drained = await waitFor(
          async () =>
            failure.error !== undefined ||
            (slots.every((s) => s.pending === 0) &&
              seen.size >= confirmedSet.size &&
              seen.missingFrom(confirmedSet) === 0 &&
              (await readQueueDepths(admin, [queue]))[0] === 0),
          { withinMs: DRAIN_WAIT_MS, everyMs: 20 },
        );
        failure.check();
        await poller?.stop();
        const confirmed = confirmedSet.size;
        await closeQuietly(publishChannel);
        for (const consumer of slots) await consumer.close();
        const { depth } = await depthOnceConsumersGone(admin, queue);
        ctx.metrics.gauge('queueDepth').set(depth);
        readInFlight();
        const unprocessed = processedSet.missingFrom(confirmedSet);
        const sum = (of: (c: CountingConsumer) => number): number =>
          everyConsumer.reduce((total, c) => total + of(c), 0);
        ctx.fact(factKeys.confirmed, confirmed);
        ctx.fact(factKeys.unprocessed, unprocessed);
        ctx.fact(factKeys.finalDepth, depth);
        ctx.fact(factKeys.crashes, crashes);
        ctx.fact(
          factKeys.redeliveredFlagged,
          sum((c) => c.redelivered),
        );
        ctx.fact('drainComplete', drained);
        const gone = unprocessed - depth;
        ctx.event(
          gone === 0
            ? `every one of ${confirmed} confirmed messages was processed${depth > 0 ? ` or is still queued (${depth})` : ''}: nothing lost across ${plural(crashes, 'crash', 'crashes')}`
            : `${gone} of ${confirmed} confirmed messages were never processed and RabbitMQ no longer holds them: lost`,
          gone === 0 ? 'info' : 'warn',
        );
      })(),
      FINAL_PHASE_MS,
      'the final phase',
    );
  } finally {
    await poller?.stop();
    for (const consumer of everyConsumer) await consumer.close();
    await session.close();
  }
  failure.check();
}
