// user-service's RPC server on RabbitMQ: `{ userId }` on the request queue, the answer sent to the
// request's replyTo with its correlationId (callers use direct reply-to).
import type { ChannelModel } from 'amqplib';
import { userById } from '../lib/catalog.ts';
import type { Service } from '../lib/service.ts';

export async function startUserRpc(
  service: Service,
  connection: ChannelModel,
  options: { queue: string; users: number },
): Promise<void> {
  const handled = service.metrics.counter('shop_user_rpc_total', 'User lookups answered over RPC', [
    'result',
  ]);
  const channel = await connection.createChannel();
  await channel.assertQueue(options.queue, { durable: true });
  await channel.prefetch(20);
  const { consumerTag } = await channel.consume(options.queue, (message) => {
    if (message === null) return;
    const { replyTo, correlationId } = message.properties as {
      replyTo?: string;
      correlationId?: string;
    };
    let answer: { found: boolean; user?: unknown };
    let result: 'found' | 'not-found' | 'bad';
    try {
      const { userId } = JSON.parse(message.content.toString()) as { userId?: string };
      const user = typeof userId === 'string' ? userById(userId, options.users) : undefined;
      answer = user ? { found: true, user } : { found: false };
      result = user ? 'found' : 'not-found';
    } catch {
      answer = { found: false };
      result = 'bad';
    }
    if (replyTo) {
      channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(answer)), {
        correlationId,
        contentType: 'application/json',
      });
    }
    handled.inc({ result });
    channel.ack(message);
  });
  service.onStop(() => channel.cancel(consumerTag));
}
