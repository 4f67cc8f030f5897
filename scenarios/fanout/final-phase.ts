import type { Channel, ConfirmChannel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import { waitFor } from '../src/sdk/index.ts';
import type { Counter, FailureLatch } from '../src/sdk/index.ts';
import { closeQuietly, readQueueDepths } from '../src/sdk/amqp/index.ts';
import type {
  ConfirmedPublisher,
  CountingConsumer,
  QueueDepthPoller,
} from '../src/sdk/amqp/index.ts';
import { queueDepthKey } from './metrics.ts';
import type { FanoutParams } from './params.ts';

// The whole phase stays inside 4 s of the stop: confirms, the drain, the broker's count.
export const CONFIRM_WAIT_MS = 1000;
export const DRAIN_WAIT_MS = 2000;
/** A hard bound over all of it, for a broker that stops answering. */
export const FINAL_PHASE_MS = 3800;
const DRAIN_POLL_MS = 20;

export interface FinalPhase {
  ctx: RunContext<FanoutParams>;
  publisher: ConfirmedPublisher;
  publishChannel: ConfirmChannel;
  subscribers: readonly CountingConsumer[];
  /** The channel the depth poller used; free once the poller has stopped. */
  admin: Channel;
  queues: readonly string[];
  poller: QueueDepthPoller;
  lost: Counter;
  failure: FailureLatch;
  /** Lets subscriber 1 skip its delay from now on. */
  startDraining: () => void;
}

/**
 * After the load stops: settle the confirms, let every subscriber catch up (bounded), then count
 * what each is missing and ask RabbitMQ what is still in each queue. Fanout owes every
 * subscriber every confirmed message, so each is compared with the whole confirmed set.
 */
export async function finishFanout(phase: FinalPhase): Promise<void> {
  const { ctx, publisher, subscribers, queues, failure } = phase;
  const count = subscribers.length;
  const slow = ctx.params.slowSubscriberDelayMs > 0;
  phase.startDraining();
  ctx.event(
    `publisher stopped after ${publisher.publishedCount} messages (${publisher.unconfirmed} awaiting confirms); draining` +
      (slow ? ': subscriber 1 is sped up to 0 ms per message so its backlog clears in time' : ''),
  );
  if (!(await publisher.waitForConfirms(CONFIRM_WAIT_MS))) {
    ctx.event(
      `${publisher.unconfirmed} publishes still unconfirmed after ${CONFIRM_WAIT_MS} ms`,
      'warn',
    );
  }
  const confirmedSet = publisher.confirmedSet;
  // The size test is cheap and usually false while draining; the exact scan runs only after it.
  const caughtUp = (): boolean =>
    subscribers.every(
      (s) =>
        s.pending === 0 &&
        s.seen.size >= confirmedSet.size &&
        s.seen.missingFrom(confirmedSet) === 0,
    );
  const drainStart = performance.now();
  const drainComplete = await waitFor(() => caughtUp() || failure.error !== undefined, {
    withinMs: DRAIN_WAIT_MS,
    everyMs: DRAIN_POLL_MS,
  });
  failure.check();
  const drainMs = Math.round(performance.now() - drainStart);

  // Closing the publisher's channel settles what is still unconfirmed (as failures), so the
  // confirmed count below is final; closing a subscriber's channel returns its unacked messages
  // to its queue, so the depth read next counts everything that subscriber has not finished.
  await phase.poller.stop();
  const unconfirmed = publisher.unconfirmed;
  const nacked = publisher.nacked;
  await closeQuietly(phase.publishChannel);
  for (const subscriber of subscribers) await subscriber.close();

  const confirmed = confirmedSet.size;
  const depths = await readQueueDepths(phase.admin, queues);
  let stillQueued = 0;
  let undelivered = 0;
  let lost = 0;
  for (const [k, subscriber] of subscribers.entries()) {
    const depth = depths[k] ?? 0;
    const missing = subscriber.seen.missingFrom(confirmedSet);
    // A confirmed message the subscriber never saw is lost only if RabbitMQ no longer holds it
    // either: one still queued when the drain bound passed is late, not gone. (The depth may also
    // count unacked messages returned at close, so this errs towards reporting less loss.)
    lost += Math.max(0, missing - depth);
    undelivered += missing;
    stillQueued += depth;
    ctx.metrics.gauge(queueDepthKey(k + 1)).set(depth);
    ctx.fact(`finalQueueDepth.s${k + 1}`, depth);
    ctx.fact(`missing.s${k + 1}`, missing);
  }
  phase.lost.inc(lost);

  const owed = count * confirmed;
  if (undelivered === 0) {
    ctx.event(
      `drained in ${drainMs} ms: ${count} subscribers × ${confirmed} confirmed = ${owed} deliveries, none lost`,
    );
  } else {
    ctx.event(
      `after ${drainMs} ms, ${undelivered} of ${count} × ${confirmed} = ${owed} owed deliveries had not arrived; RabbitMQ still holds ${stillQueued} in the queues, so ${lost} are lost`,
      'warn',
    );
  }
  const sum = (of: (s: CountingConsumer) => number): number =>
    subscribers.reduce((total, s) => total + of(s), 0);
  ctx.fact('undeliveredAtEnd', undelivered);
  ctx.fact('finalQueueDepthTotal', stillQueued);
  ctx.fact('publishedCount', publisher.publishedCount);
  ctx.fact('confirmedCount', confirmed);
  ctx.fact('nacked', nacked);
  ctx.fact('unconfirmedAtEnd', unconfirmed);
  ctx.fact(
    'uniqueDeliveries',
    sum((s) => s.seen.size),
  );
  // RabbitMQ's own word on re-sending: the redelivered flag on each delivery.
  ctx.fact(
    'redelivered',
    sum((s) => s.redelivered),
  );
  ctx.fact('drainComplete', drainComplete);
  ctx.fact('drainMs', drainMs);
  const malformed = sum((s) => s.malformed);
  if (malformed > 0) ctx.fact('malformedMessages', malformed);
}
