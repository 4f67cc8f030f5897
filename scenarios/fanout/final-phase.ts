import { setTimeout as delay } from 'node:timers/promises';
import type { Channel, ConfirmChannel } from 'amqplib';
import type { RunContext } from '../src/sdk/contract.ts';
import type { Counter, Gauge } from '../src/sdk/recorders.ts';
import { closeQuietly } from './amqp-connection.ts';
import { readQueueDepths } from './depth-poller.ts';
import type { FailureLatch } from '../src/sdk/index.ts';
import type { FanoutParams } from './params.ts';
import type { Publisher } from './publisher.ts';
import type { Subscriber } from './subscriber.ts';

// The whole phase stays inside 4 s of the stop: confirms, the drain, the broker's count.
export const CONFIRM_WAIT_MS = 1000;
export const DRAIN_WAIT_MS = 2000;
/** A hard bound over all of it, for a broker that stops answering. */
export const FINAL_PHASE_MS = 3800;
const DRAIN_POLL_MS = 20;

export interface FinalPhase {
  ctx: RunContext<FanoutParams>;
  publisher: Publisher;
  publishChannel: ConfirmChannel;
  subscribers: readonly Subscriber[];
  /** The channel the depth poller used; free once `stopPolling` resolves. */
  admin: Channel;
  queues: readonly string[];
  depthGauges: readonly Gauge[];
  lost: Counter;
  failure: FailureLatch;
  stopPolling: () => Promise<void>;
  /** Lets subscriber 1 skip its delay from now on. */
  startDraining: () => void;
}

/**
 * After the load stops: settle the confirms, let every subscriber catch up (bounded), then count
 * what is missing and ask RabbitMQ what is still in each queue.
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
  while (!caughtUp() && performance.now() - drainStart < DRAIN_WAIT_MS && !failure.error) {
    await delay(DRAIN_POLL_MS);
  }
  failure.check();
  const drainMs = Math.round(performance.now() - drainStart);
  const drainComplete = caughtUp();

  // Closing the publisher's channel settles what is still unconfirmed (as failures), so the
  // confirmed count below is final; closing a subscriber's channel returns its unacked messages
  // to its queue, so the depth read next counts everything that subscriber has not finished.
  await phase.stopPolling();
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
    phase.depthGauges[k]?.set(depth);
    ctx.fact(`finalQueueDepth.s${k + 1}`, depth);
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
  ctx.fact('undeliveredAtEnd', undelivered);
  ctx.fact('finalQueueDepthTotal', stillQueued);
  ctx.fact('publishedCount', publisher.publishedCount);
  ctx.fact('confirmedCount', confirmed);
  ctx.fact('nacked', nacked);
  ctx.fact('unconfirmedAtEnd', unconfirmed);
  ctx.fact(
    'uniqueDeliveries',
    subscribers.reduce((sum, s) => sum + s.seen.size, 0),
  );
  ctx.fact('drainComplete', drainComplete);
  ctx.fact('drainMs', drainMs);
  const malformed = subscribers.reduce((sum, s) => sum + s.malformed, 0);
  if (malformed > 0) ctx.fact('malformedMessages', malformed);
}
