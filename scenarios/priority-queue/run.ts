import type { RunContext } from '../src/sdk/contract.ts';
import { ThresholdNarrator, waitFor } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
  decodeMessage,
  declareQueue,
  depthOnceConsumersGone,
  nowMs,
} from '../src/sdk/amqp/index.ts';
import { deliveredKey, waitKey } from './metrics.ts';
import { loadStory, waitsStory } from './narration.ts';
import type { PriorityQueueParams } from './params.ts';
import { mixWeights } from './params.ts';
import { PriorityLog } from './priority-log.ts';

const CONFIRM_WAIT_MS = 1000;
const DRAIN_WAIT_MS = 3000;
// Recent waits for the narration: each new wait moves the average a tenth of the way.
const EWMA = 0.1;

export async function runPriorityQueue(ctx: RunContext<PriorityQueueParams>): Promise<void> {
  const { levels, priorityQueue, prefetch } = ctx.params;
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const log = new PriorityLog();
  const cumulative = mixWeights(levels, ctx.params.mix).reduce<number[]>(
    (acc, w) => [...acc, (acc.at(-1) ?? 0) + w],
    [],
  );
  const draw = (): number => {
    const r = ctx.random.next();
    const level = cumulative.findIndex((c) => r < c);
    return level < 0 ? levels - 1 : level;
  };
  const delivered = Array.from({ length: levels }, (_, p) => ctx.metrics.counter(deliveredKey(p)));
  const waits = Array.from({ length: levels }, (_, p) => ctx.metrics.histogram(waitKey(p)));
  const recentWait = new Array<number>(levels).fill(0);
  const deliveredBy = new Array<number>(levels).fill(0);
  let draining = false;
  let maxDepth = 0;
  let consumer: CountingConsumer | undefined;
  let poller: QueueDepthPoller | undefined;
  const levelOf = (priority: unknown): number =>
    typeof priority === 'number' && priority >= 0 && priority < levels ? priority : 0;

  try {
    const publishing = await session.connect();
    const consuming = await session.connect();
    const admin = await session.channel(consuming);
    const queue = await declareQueue(admin, ctx.resources, ctx.names.queue('tasks'), {
      ...(priorityQueue ? { arguments: { 'x-max-priority': levels - 1 } } : {}),
    });

    const total = ctx.metrics.counter('delivered');
    consumer = new CountingConsumer(await session.channel(consuming), {
      queue,
      prefetch,
      // Its own timer, not ctx.sleep; the drain sets the work to 0 so the backlog empties.
      delayMs: () => (draining ? 0 : ctx.params.workMs),
      recorders: { delivered: [total] },
      onDelivery: (msg) => {
        const level = levelOf(msg.properties.priority);
        delivered[level]?.inc();
        deliveredBy[level] = (deliveredBy[level] ?? 0) + 1;
      },
      onProcessing: (msg) => {
        const sentAt = decodeMessage(msg.content)?.sentAtMs;
        if (sentAt === undefined) return;
        const level = levelOf(msg.properties.priority);
        const ms = nowMs() - sentAt;
        waits[level]?.record(ms);
        recentWait[level] = (recentWait[level] ?? 0) * (1 - EWMA) + ms * EWMA;
      },
      onError,
    });
    await consumer.start();
    ctx.event(
      `${priorityQueue ? `priority queue (x-max-priority ${levels - 1})` : 'plain queue (no x-max-priority)'}, one consumer with prefetch ${prefetch}; ${loadStory(ctx.params)}`,
    );

    const backlog = new ThresholdNarrator(100, (depth) =>
      ctx.event(waitsStory(depth, recentWait, priorityQueue), { mark: depth < 1000 }),
    );
    poller = new QueueDepthPoller(admin, [queue], {
      gauges: [ctx.metrics.gauge('queueDepth')],
      onReading: ([depth = 0]) => {
        maxDepth = Math.max(maxDepth, depth);
        if (!draining) backlog.observe(depth);
      },
      onError,
    });
    poller.start();
    ctx.onParamsChange((changed) => {
      if (changed.includes('messagesPerSec') || changed.includes('workMs')) {
        ctx.event(loadStory(ctx.params));
      }
    });

    const publisher = new ConfirmedPublisher(await session.confirmChannel(publishing), {
      exchange: '',
      routingKey: queue,
      properties: (seq) => {
        if (log.length <= seq) log.push(draw());
        return { priority: log.at(seq) ?? 0 };
      },
      messageSize: 64,
      failed: failure.failed,
      counters: { published: ctx.metrics.counter('published') },
    });
    await publisher.run(
      ctx.pacer(() => ctx.params.messagesPerSec),
      ctx.signal,
    );
    failure.check();

    // The drain: no more publishing, and the consumer now works at full speed so the backlog
    // empties in time for the count.
    draining = true;
    ctx.mark('publisher stopped; the consumer drains the backlog at full speed');
    await publisher.waitForConfirms(CONFIRM_WAIT_MS);
    const confirmedSet = publisher.confirmedSet;
    const c = consumer;
    await waitFor(
      () => (c.pending === 0 && c.seen.size >= confirmedSet.size) || failure.error !== undefined,
      { withinMs: DRAIN_WAIT_MS, everyMs: 20 },
    );
    failure.check();
    await poller.stop();
    await consumer.cancel();
    await consumer.close();
    const { depth } = await depthOnceConsumersGone(admin, queue);
    ctx.metrics.gauge('queueDepth').set(depth);

    const confirmedBy = log.countBy(levels, (seq) => confirmedSet.has(seq));
    for (let p = 0; p < levels; p++) {
      ctx.fact(`confirmed.p${p}`, confirmedBy[p] ?? 0);
      ctx.fact(`delivered.p${p}`, deliveredBy[p] ?? 0);
    }
    ctx.fact('confirmedCount', confirmedSet.size);
    ctx.fact('missing', consumer.seen.missingFrom(confirmedSet));
    ctx.fact('depthAfterClose', depth);
    ctx.fact('duplicates', consumer.duplicates);
    ctx.fact('maxDepth', maxDepth);
  } finally {
    await poller?.stop();
    await consumer?.close();
    await session.close();
  }
  failure.check();
}
