import type { RunContext } from '../src/sdk/contract.ts';
import { ThresholdNarrator, waitFor } from '../src/sdk/index.ts';
import {
  AmqpSession,
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
  SeenSet,
  decodeMessage,
  declareQueue,
  depthOnceConsumersGone,
  nowMs,
} from '../src/sdk/amqp/index.ts';
import { BatchTracker } from './batches.ts';
import { processedKey, unackedKey } from './metrics.ts';
import { batchStory, capacityStory, holdingStory, prefetchStory } from './narration.ts';
import type { WorkQueueParams } from './params.ts';

const CONFIRM_WAIT_MS = 1000;
// The tail gets this long to finish; what a slow worker still holds then goes back to the queue.
const TAIL_WAIT_MS = 3000;
const BATCH_STORIES = 3;

/** What each worker did, counted by the run from the kit's hooks. */
interface WorkerTally {
  received: number;
  processed: number;
  /** The most jobs it held unacked at once. */
  maxHeld: number;
}

export async function runWorkQueue(ctx: RunContext<WorkQueueParams>): Promise<void> {
  const { workers: count, prefetch } = ctx.params;
  const session = new AmqpSession(ctx.brokers);
  const { failure } = session;
  const onError = (error: unknown): void => failure.fail(error);
  const tallies: WorkerTally[] = Array.from({ length: count }, () => ({
    received: 0,
    processed: 0,
    maxHeld: 0,
  }));
  const held = (k: number): number => {
    const t = tallies[k];
    return t === undefined ? 0 : t.received - t.processed;
  };
  const batches = new BatchTracker();
  const waitTime = ctx.metrics.histogram('waitTime');
  const batchTime = ctx.metrics.histogram('batchTime');
  const seen = new SeenSet();
  const workers: CountingConsumer[] = [];
  let poller: QueueDepthPoller | undefined;
  let told = 0;

  try {
    const publishing = await session.connect();
    const consuming = await session.connect();
    const admin = await session.channel(consuming);
    const queue = await declareQueue(admin, ctx.resources, ctx.names.queue('jobs'));

    for (let k = 0; k < count; k++) {
      const tally = tallies[k] ?? { received: 0, processed: 0, maxHeld: 0 };
      const processed = ctx.metrics.counter(processedKey(k + 1));
      const worker = new CountingConsumer(await session.channel(consuming), {
        queue,
        prefetch,
        seen,
        // Its own timer, not ctx.sleep: the tail after the last batch takes real time.
        delayMs: () => (k === 0 ? ctx.params.slowWorkMs : ctx.params.workMs),
        onDelivery: () => {
          tally.received++;
          tally.maxHeld = Math.max(tally.maxHeld, tally.received - tally.processed);
        },
        onProcessing: (msg) => {
          const sentAt = decodeMessage(msg.content)?.sentAtMs;
          if (sentAt !== undefined) waitTime.record(nowMs() - sentAt);
        },
        onProcessed: (msg) => {
          tally.processed++;
          processed.inc();
          const seq = decodeMessage(msg.content)?.seq;
          const done = seq === undefined ? undefined : batches.done(seq, performance.now());
          if (done === undefined) return;
          batchTime.record(done.ms);
          if (told++ < BATCH_STORIES) {
            ctx.event(
              batchStory(
                done,
                tallies.map((t) => t.processed),
              ),
            );
          }
        },
        onError,
      });
      await worker.start();
      workers.push(worker);
    }
    ctx.event(`${capacityStory(ctx.params)}; ${prefetchStory(prefetch, count)}`);

    const unacked = tallies.map((_, k) => ctx.metrics.gauge(unackedKey(k + 1)));
    const holding = new ThresholdNarrator(10, (n) =>
      ctx.event(
        holdingStory(
          n,
          ctx.params.slowWorkMs,
          tallies.slice(1).reduce((s, _, k) => s + held(k + 1), 0),
        ),
        { mark: n >= prefetch && prefetch > 1 },
      ),
    );
    poller = new QueueDepthPoller(admin, [queue], {
      gauges: [ctx.metrics.gauge('queueDepth')],
      onReading: () => {
        for (const [k, gauge] of unacked.entries()) gauge.set(held(k));
        holding.observe(held(0));
      },
      onError,
    });
    poller.start();
    ctx.onParamsChange((changed) => {
      if (changed.some((f) => f === 'workMs' || f === 'slowWorkMs')) {
        ctx.event(capacityStory(ctx.params));
      }
    });

    const publisher = new ConfirmedPublisher(await session.confirmChannel(publishing), {
      exchange: '',
      routingKey: queue,
      messageSize: 64,
      failed: failure.failed,
      counters: { published: ctx.metrics.counter('published') },
    });
    while (!ctx.signal.aborted) {
      const started = performance.now();
      const jobs = ctx.params.jobsPerBatch;
      batches.open(publisher.publishedCount, jobs, started);
      for (let j = 0; j < jobs && !ctx.signal.aborted; j++) await publisher.publish(ctx.signal);
      failure.check();
      await ctx.sleep(ctx.params.batchEverySec * 1000 - (performance.now() - started));
    }

    // The tail: no more batches; the workers finish what they hold, at their own pace.
    const stoppedAt = performance.now();
    await publisher.waitForConfirms(CONFIRM_WAIT_MS);
    const confirmed = publisher.confirmedCount;
    const processed = (): number => tallies.reduce((s, t) => s + t.processed, 0);
    const slowHeld = held(0);
    if (slowHeld > 1) {
      ctx.event(
        `publishing stopped; ${holdingStory(
          slowHeld,
          ctx.params.slowWorkMs,
          tallies.slice(1).reduce((s, _, k) => s + held(k + 1), 0),
        )}`,
        { mark: true },
      );
    }
    const drained = await waitFor(() => processed() >= confirmed || failure.error !== undefined, {
      withinMs: TAIL_WAIT_MS,
      everyMs: 20,
    });
    failure.check();
    const tailMs = Math.round(performance.now() - stoppedAt);
    await poller.stop();

    // Closing a worker returns what it still holds to the queue, where RabbitMQ's depth counts
    // it. Every worker stops taking jobs first, or one's returns would go to the next.
    for (const worker of workers) await worker.cancel();
    const heldAtClose = tallies.map((_, k) => held(k));
    for (const worker of workers) await worker.close();
    const { depth, consumersGone } = await depthOnceConsumersGone(admin, queue);
    ctx.metrics.gauge('queueDepth').set(depth);
    for (const gauge of unacked) gauge.set(0);

    if (drained) {
      ctx.event(`every job done, ${tailMs} ms after publishing stopped`);
    } else {
      ctx.event(
        `after ${tailMs} ms worker 1 still held ${heldAtClose[0] ?? 0} jobs; closing the workers returned them to the queue (RabbitMQ now holds ${depth})`,
        'warn',
      );
    }
    ctx.fact('publishedCount', publisher.publishedCount);
    ctx.fact('confirmedCount', confirmed);
    ctx.fact('processedCount', processed());
    ctx.fact('depthAfterClose', depth);
    ctx.fact('consumersGone', consumersGone);
    ctx.fact(
      'duplicates',
      workers.reduce((s, w) => s + w.duplicates, 0),
    );
    ctx.fact(
      'redelivered',
      workers.reduce((s, w) => s + w.redelivered, 0),
    );
    ctx.fact('tailMs', drained ? tailMs : -1);
    ctx.fact('batches', batches.opened);
    for (const [k, t] of tallies.entries()) {
      ctx.fact(`received.w${k + 1}`, t.received);
      ctx.fact(`maxHeld.w${k + 1}`, t.maxHeld);
      ctx.fact(`heldAtClose.w${k + 1}`, heldAtClose[k] ?? 0);
    }
  } finally {
    await poller?.stop();
    for (const worker of workers) await worker.close();
    await session.close();
  }
  failure.check();
}
