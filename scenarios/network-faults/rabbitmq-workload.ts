// RabbitMQ: each request is a publish on a confirm channel, answered by the broker's confirm;
// nobody consumes, so afterwards the queue's depth says how many publishes RabbitMQ took in.
import { AmqpSession, declareQueue, readQueueDepths } from '../src/sdk/amqp/index.ts';
import { withDeadline } from '../src/sdk/index.ts';
import { runClosedLoop, stopped } from './closed-loop.ts';
import { factKeys } from './facts.ts';
import type { WorkloadHooks } from './workload.ts';

const SETTLE_MS = 3000;

export async function runRabbitmqWorkload({
  ctx,
  onAnswered,
  onError,
}: WorkloadHooks): Promise<void> {
  const p = ctx.params;
  const session = new AmqpSession(ctx.brokers);
  try {
    const connection = await session.connect();
    const queue = ctx.names.queue('writes');
    await declareQueue(await session.channel(connection), ctx.resources, queue);
    const channel = await session.confirmChannel(connection);
    const body = Buffer.alloc(p.payloadBytes, 'x');
    let acknowledged = 0;
    let failed = 0;
    const loop = runClosedLoop({
      workers: p.inFlight,
      request: () =>
        new Promise<void>((resolve, reject) => {
          channel.publish('', queue, body, {}, (error: unknown) => {
            if (error) reject(error instanceof Error ? error : new Error('nacked'));
            else {
              acknowledged++;
              resolve();
            }
          });
        }),
      think: () => ctx.params.thinkMs,
      signal: ctx.signal,
      sleep: (ms) => ctx.sleep(ms),
      onAnswered,
      onError: (error) => {
        failed++;
        onError(error);
      },
    });
    await stopped(ctx.signal);
    const settled = await withDeadline(loop, SETTLE_MS, 'the last publishes').then(
      () => true,
      () => false,
    );
    session.failure.check();
    const [holds] = await readQueueDepths(await session.channel(await session.connect()), [queue]);
    ctx.fact(factKeys.acknowledged, acknowledged);
    ctx.fact(factKeys.brokerHolds, holds ?? -1);
    ctx.fact(factKeys.failedRequests, failed);
    // amqplib never publishes again by itself: a dropped connection fails the run instead.
    ctx.fact(factKeys.inFlightAtDrops, 0);
    ctx.fact(factKeys.settled, settled);
    ctx.event(
      `RabbitMQ holds ${holds ?? '?'} messages in the queue; the publisher saw ${acknowledged} confirms and ${failed} failures`,
    );
  } finally {
    await session.close();
  }
}
