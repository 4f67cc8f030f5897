import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const fanoutParams = Type.Object(
  {
    subscribers: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 20,
      description: 'Queues bound to the fanout exchange, one subscriber consuming each.',
    }),
    messagesPerSec: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 5000,
      description:
        'Messages the publisher sends to the exchange per second; every queue gets a copy of each.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    messageSize: Type.Integer({
      default: 256,
      minimum: 16,
      maximum: 65536,
      description:
        'Body size of each message (the first 16 bytes hold its sequence and send time).',
      'x-unit': 'bytes',
    }),
    persistent: Type.Boolean({
      default: false,
      description: 'Publish with delivery mode 2, so RabbitMQ writes each message to disk.',
    }),
    slowSubscriberDelayMs: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 2000,
      description:
        'Time subscriber 1 spends on each message before acking it (0 = as fast as the others).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    prefetch: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description: 'Unacknowledged messages RabbitMQ lets each subscriber hold at once.',
      'x-unit': 'messages',
    }),
  },
  { additionalProperties: false },
);

export type FanoutParams = Static<typeof fanoutParams>;
