import { setTimeout as delay } from 'node:timers/promises';
import type { Channel } from 'amqplib';
import type { Gauge } from '../src/sdk/recorders.ts';

export const DEPTH_POLL_MS = 250;

/**
 * Asks RabbitMQ for each queue's depth (queue.declare passive → messageCount) on its own channel,
 * so the numbers on screen are the broker's, not a count kept by the subscribers. Runs until
 * `stop` aborts — past the end of the load phase, so the drain shows on the chart.
 */
export async function pollQueueDepths(
  channel: Channel,
  queues: readonly string[],
  gauges: readonly Gauge[],
  stop: AbortSignal,
  onReading: (depths: readonly number[]) => void,
): Promise<void> {
  const depths = queues.map(() => 0);
  while (!stop.aborted) {
    for (const [i, queue] of queues.entries()) {
      const { messageCount } = await channel.checkQueue(queue);
      depths[i] = messageCount;
      gauges[i]?.set(messageCount);
    }
    onReading(depths);
    try {
      // A plain timer, not ctx.sleep: that one returns at once after the stop, and the poller
      // keeps going through the drain.
      await delay(DEPTH_POLL_MS, undefined, { signal: stop });
    } catch {
      return;
    }
  }
}

/** The depths the broker reports now, for the final facts. */
export async function readQueueDepths(
  channel: Channel,
  queues: readonly string[],
): Promise<number[]> {
  const depths: number[] = [];
  for (const queue of queues) depths.push((await channel.checkQueue(queue)).messageCount);
  return depths;
}
