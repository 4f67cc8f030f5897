import type { Channel } from 'amqplib';
import { waitFor } from '../poll.ts';

export interface SettledDepth {
  /** Ready messages, as RabbitMQ reports them once no consumer is left (or at the deadline). */
  depth: number;
  /** False when a consumer was still attached when the wait ran out. */
  consumersGone: boolean;
}

/**
 * The queue's depth once its consumers are gone. Closing a consumer's channel returns its
 * unacked messages to the queue, but the queue does so when it notices the channel went away,
 * which may follow the close-ok the client waited for: ask until the queue reports no consumer,
 * and only then is every returned message in its count.
 */
export async function depthOnceConsumersGone(
  channel: Channel,
  queue: string,
  options: { withinMs?: number; everyMs?: number } = {},
): Promise<SettledDepth> {
  let depth = 0;
  const consumersGone = await waitFor(
    async () => {
      const state = await channel.checkQueue(queue);
      depth = state.messageCount;
      return state.consumerCount === 0;
    },
    { withinMs: options.withinMs ?? 2000, everyMs: options.everyMs ?? 20 },
  );
  return { depth, consumersGone };
}
