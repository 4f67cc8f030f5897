// RabbitMQ for the services: one connection per process, and the notifications topology declared
// the same way by every service that touches it (the same arguments, or RabbitMQ refuses).
import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { text } from './config.ts';

export interface NotificationQueues {
  queue: string;
  dlx: string;
  dlq: string;
}

export function notificationQueues(): NotificationQueues {
  return {
    queue: text('SHOP_NOTIFICATIONS_QUEUE'),
    dlx: text('SHOP_NOTIFICATIONS_DLX'),
    dlq: text('SHOP_NOTIFICATIONS_DLQ'),
  };
}

/** The work queue, its dead-letter exchange and the queue dead letters land in. */
export async function declareNotifications(
  channel: Channel,
  names: NotificationQueues,
): Promise<void> {
  await channel.assertExchange(names.dlx, 'fanout', { durable: true });
  await channel.assertQueue(names.dlq, { durable: true });
  await channel.bindQueue(names.dlq, names.dlx, '');
  await channel.assertQueue(names.queue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': names.dlx },
  });
}

/** A connection whose loss ends the process: the engine sees it exit, rather than a zombie. */
export async function connectAmqp(url: string, name: string): Promise<ChannelModel> {
  const connection = await amqp.connect(url, { clientProperties: { connection_name: name } });
  let closing = false;
  connection.on('error', () => undefined);
  connection.on('close', () => {
    if (!closing) {
      console.error(`${name}: RabbitMQ connection lost`);
      process.exit(1);
    }
  });
  const close = connection.close.bind(connection);
  connection.close = async () => {
    closing = true;
    await close();
  };
  return connection;
}
