import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const queueTypesParams = Type.Object(
  {
    messagesPerSec: Type.Integer({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description:
        'Messages per second into each queue: the classic queue, the quorum queue and the stream each get this many, at the same time.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    messageSize: Type.Integer({
      default: 1024,
      minimum: 16,
      maximum: 16384,
      description:
        'Body size of each message (the first 16 bytes hold its sequence and send time).',
      'x-unit': 'bytes',
    }),
    persistent: Type.Boolean({
      default: true,
      description:
        'Delivery mode 2: the classic queue writes each message to disk. Quorum queues and streams always do, whatever this says.',
    }),
    prefetch: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 2000,
      description:
        'Unacked messages each consumer may hold. A stream consumer needs one over AMQP 0-9-1: acks are its credit.',
      'x-unit': 'messages',
    }),
    replayFromOffset: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 10_000_000,
      description:
        'Offset in the stream where the replay consumer starts reading, halfway through the run (0 = the first message).',
      'x-unit': 'offset',
    }),
  },
  { additionalProperties: false },
);

export type QueueTypesParams = Static<typeof queueTypesParams>;
