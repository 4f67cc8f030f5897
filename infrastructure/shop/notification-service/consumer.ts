// The notifications work queue: each `order-placed` looks its user up by RPC at user-service,
// is "sent", and is recorded in `<prefix>notified` before the ack. What cannot be handled is
// rejected without requeue, and RabbitMQ dead-letters it to the DLQ.
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { declareNotifications } from '../lib/amqp.ts';
import type { NotificationQueues } from '../lib/amqp.ts';
import type { Service } from '../lib/service.ts';
import { duplicateFilter } from './dedupe.ts';
import { RpcTimeout } from './rpc-client.ts';
import type { RpcClient } from './rpc-client.ts';

export const notifiedKey = (prefix: string): string => `${prefix}notified`;

export interface NotificationStats {
  sent: number;
  deadLettered: number;
}

export async function startNotifications(
  service: Service,
  connection: ChannelModel,
  rpc: RpcClient,
  options: { queues: NotificationQueues; prefetch: number; sendDelayMs: number },
): Promise<NotificationStats> {
  const { metrics, redis, config } = service;
  const sentTotal = metrics.counter('shop_notifications_sent_total', 'Notifications sent');
  const deadTotal = metrics.counter(
    'shop_notifications_dead_lettered_total',
    'Messages rejected to the DLQ',
  );
  const rpcTotal = metrics.counter('shop_notifications_rpc_total', 'User lookups over RPC', [
    'result',
  ]);
  const stats: NotificationStats = { sent: 0, deadLettered: 0 };
  const alreadyNotified = duplicateFilter(service);
  const channel = await connection.createChannel();
  await declareNotifications(channel, options.queues);
  await channel.prefetch(options.prefetch);

  const deadLetter = (message: ConsumeMessage): void => {
    channel.nack(message, false, false);
    stats.deadLettered++;
    deadTotal.inc();
  };

  const handle = async (message: ConsumeMessage): Promise<void> => {
    let event: { orderId?: unknown; userId?: unknown };
    try {
      event = JSON.parse(message.content.toString()) as typeof event;
    } catch {
      return deadLetter(message);
    }
    if (typeof event.orderId !== 'string' || typeof event.userId !== 'string') {
      return deadLetter(message);
    }
    if (await alreadyNotified(event.orderId)) return channel.ack(message);
    let answer: { found?: boolean } | undefined;
    try {
      answer = await rpc.call<{ found?: boolean }>({ userId: event.userId });
    } catch (error) {
      rpcTotal.inc({ result: 'timeout' });
      // user-service may be back soon: try the message again rather than lose it.
      if (error instanceof RpcTimeout) return channel.nack(message, false, true);
      throw error;
    }
    if (!answer?.found) {
      rpcTotal.inc({ result: 'not-found' });
      return deadLetter(message);
    }
    rpcTotal.inc({ result: 'ok' });
    await new Promise((r) => setTimeout(r, options.sendDelayMs));
    await redis.sadd(notifiedKey(config.keyPrefix), event.orderId);
    channel.ack(message);
    stats.sent++;
    sentTotal.inc();
  };

  const { consumerTag } = await channel.consume(options.queues.queue, (message) => {
    if (message === null) return;
    handle(message).catch(() => channel.nack(message, false, true));
  });
  service.onStop(() => channel.cancel(consumerTag));
  return stats;
}
