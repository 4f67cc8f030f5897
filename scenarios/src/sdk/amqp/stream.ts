// Streams over AMQP 0-9-1 (RabbitMQ 3.9+, no stream plugin needed): an append-only log that
// consumers read from an offset without removing anything. They take no `x-expires`, so a
// retention bound keeps what a crashed run leaves small until the engine's sweep deletes it.
import type { Channel, ConsumeMessage } from 'amqplib';
import type { ResourceTracker } from '../resources.ts';

/** Retention of a run's stream: its messages are of no use once the run has ended. */
export const STREAM_MAX_AGE = '15m';
export const STREAM_MAX_LENGTH_BYTES = 200_000_000;

export interface StreamRetention {
  /** `x-max-age`: '15m', '1h', '7D'. */
  maxAge?: string;
  /** `x-max-length-bytes`: RabbitMQ drops whole segments from the head beyond this. */
  maxLengthBytes?: number;
}

/** Registers the stream with the run, then declares it (durable, as streams must be). */
export async function declareStream(
  channel: Channel,
  resources: Pick<ResourceTracker, 'queue'>,
  name: string,
  retention: StreamRetention = {},
): Promise<string> {
  resources.queue(name);
  await channel.assertQueue(name, {
    durable: true,
    exclusive: false,
    autoDelete: false,
    arguments: {
      'x-queue-type': 'stream',
      'x-max-age': retention.maxAge ?? STREAM_MAX_AGE,
      'x-max-length-bytes': retention.maxLengthBytes ?? STREAM_MAX_LENGTH_BYTES,
    },
  });
  return name;
}

/** Where a stream consumer starts: an offset, or one of RabbitMQ's named positions. */
export type StreamOffset = number | 'first' | 'last' | 'next';

/** The `basic.consume` arguments for a stream consumer starting at `offset`. */
export function streamConsumeArguments(offset: StreamOffset): Record<string, unknown> {
  return { 'x-stream-offset': offset };
}

/** The offset RabbitMQ gave a delivery from a stream; undefined for any other queue. */
export function streamOffsetOf(msg: ConsumeMessage): number | undefined {
  const offset: unknown = msg.properties.headers?.['x-stream-offset'];
  return typeof offset === 'number' && Number.isSafeInteger(offset) ? offset : undefined;
}
