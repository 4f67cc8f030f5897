// Declaring what a run builds on RabbitMQ. Each name is registered with the run before it is
// declared, so a crash between the two still leaves a record that cleanup can act on.
import type { Channel, Options } from 'amqplib';
import type { ResourceTracker } from '../resources.ts';

// Should the server crash, RabbitMQ deletes the queue itself once unused for this long; a normal
// run has the engine delete it at its end.
export const QUEUE_EXPIRES_MS = 15 * 60_000;

export type ExchangeType = 'fanout' | 'direct' | 'topic' | 'headers';

type Registry = Pick<ResourceTracker, 'queue' | 'exchange'>;

// Durable even when messages are not persistent: RabbitMQ deprecates transient non-exclusive
// queues, and durability costs nothing until a message is persistent.

export async function declareExchange(
  channel: Channel,
  resources: Registry,
  name: string,
  type: ExchangeType,
  options: Options.AssertExchange = {},
): Promise<string> {
  resources.exchange(name);
  await channel.assertExchange(name, type, { durable: true, autoDelete: false, ...options });
  return name;
}

export async function declareQueue(
  channel: Channel,
  resources: Registry,
  name: string,
  options: Options.AssertQueue = {},
): Promise<string> {
  resources.queue(name);
  await channel.assertQueue(name, {
    durable: true,
    exclusive: false,
    autoDelete: false,
    ...options,
    arguments: { 'x-expires': QUEUE_EXPIRES_MS, ...options.arguments },
  });
  return name;
}
