import type { Channel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, waitFor } from '../src/sdk/index.ts';
import type { FailureLatch } from '../src/sdk/index.ts';
import { depthOnceConsumersGone } from '../src/sdk/amqp/index.ts';
import type { ConfirmedPublisher, CountingConsumer, SeenSet } from '../src/sdk/amqp/index.ts';
import type { BoundQueue, Route } from './bindings.ts';
import type { RoutingParams } from './params.ts';
import { compareSets, predictRoutes } from './prediction.ts';

const CONFIRM_WAIT_MS = 1000;
const DRAIN_WAIT_MS = 2500;
export const FINAL_PHASE_MS = 6000;

export interface RoutingFinish {
  ctx: RunContext<RoutingParams>;
  publisher: ConfirmedPublisher;
  queues: readonly BoundQueue[];
  routes: readonly Route[];
  codeOf: (seq: number) => number;
  consumers: readonly CountingConsumer[];
  queueNames: readonly string[];
  admin: Channel;
  /** Sequence numbers RabbitMQ returned (mandatory). */
  returned: SeenSet;
  unroutedConsumer: CountingConsumer | undefined;
  unroutedQueue: string | undefined;
  failure: FailureLatch;
}

/**
 * After the load: settle the confirms, predict every confirmed message's route with the rules,
 * let the consumers catch up, then set each queue's deliveries (and what RabbitMQ still holds)
 * against the prediction, message by message.
 */
export async function finishRouting(f: RoutingFinish): Promise<void> {
  const { ctx, publisher, queues, consumers, failure } = f;
  await publisher.waitForConfirms(CONFIRM_WAIT_MS);
  const confirmedSet = publisher.confirmedSet;
  const prediction = predictRoutes(
    f.routes,
    f.codeOf,
    publisher.publishedCount,
    (seq) => confirmedSet.has(seq),
    queues.length,
  );
  const reportedUnroutable = (): SeenSet | undefined =>
    ctx.params.unroutable === 'return' ? f.returned : f.unroutedConsumer?.seen;
  const caughtUp = (): boolean =>
    consumers.every(
      (c, i) => c.pending === 0 && c.seen.size >= (prediction.perQueue[i]?.size ?? 0),
    ) && (reportedUnroutable()?.size ?? Infinity) >= prediction.unroutable.size;
  await waitFor(() => caughtUp() || failure.error !== undefined, {
    withinMs: DRAIN_WAIT_MS,
    everyMs: 20,
  });
  failure.check();

  // Closing a consumer returns what it holds unacked; the depth read after counts it.
  for (const consumer of consumers) await consumer.close();
  await f.unroutedConsumer?.close();

  const lines: string[] = [];
  let off = 0;
  for (const [i, queue] of queues.entries()) {
    const consumer = consumers[i];
    const owed = prediction.perQueue[i];
    if (consumer === undefined || owed === undefined) continue;
    const { missing, unexpected } = compareSets(owed, consumer.seen);
    const { depth } = await depthOnceConsumersGone(f.admin, f.queueNames[i] ?? '');
    ctx.fact(`predicted.${queue.id}`, owed.size);
    ctx.fact(`received.${queue.id}`, consumer.seen.size);
    ctx.fact(`missing.${queue.id}`, missing);
    ctx.fact(`unexpected.${queue.id}`, unexpected);
    ctx.fact(`duplicates.${queue.id}`, consumer.duplicates);
    ctx.fact(`depth.${queue.id}`, depth);
    if (missing !== depth || unexpected > 0 || consumer.duplicates > 0) off++;
    lines.push(`${queue.id} ${fmt(consumer.seen.size)}/${fmt(owed.size)}`);
  }

  const reported = reportedUnroutable();
  ctx.fact('predictedUnroutable', prediction.unroutable.size);
  if (reported !== undefined) {
    const { missing, unexpected } = compareSets(prediction.unroutable, reported);
    ctx.fact('reportedUnroutable', reported.size);
    ctx.fact('missingUnroutable', missing);
    ctx.fact('unexpectedUnroutable', unexpected);
    if (f.unroutedQueue !== undefined) {
      const { depth } = await depthOnceConsumersGone(f.admin, f.unroutedQueue);
      ctx.fact('depth.unrouted', depth);
    }
  }
  ctx.fact('overlapping', prediction.overlapping);
  ctx.fact(
    'duplicates',
    consumers.reduce((n, c) => n + c.duplicates, 0),
  );
  ctx.fact('publishedCount', publisher.publishedCount);
  ctx.fact('confirmedCount', confirmedSet.size);
  ctx.fact('nacked', publisher.nacked);

  const unroutable =
    reported === undefined
      ? `${fmt(prediction.unroutable.size)} matched nothing and were dropped (the rules' count: RabbitMQ said nothing)`
      : `unroutable ${fmt(reported.size)}/${fmt(prediction.unroutable.size)}`;
  ctx.event(
    `received / predicted by the rules: ${lines.join(', ')}; ${unroutable}` +
      (off > 0 ? ` — ${off} queue(s) disagree` : ''),
    off > 0 ? 'warn' : 'info',
  );
}
