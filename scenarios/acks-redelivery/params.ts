import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const acksParams = Type.Object(
  {
    ackMode: Type.Union([Type.Literal('manual'), Type.Literal('auto')], {
      default: 'manual',
      description:
        'manual: each consumer acks a message once it has processed it; auto: RabbitMQ counts a message acknowledged the moment it sends it.',
    }),
    messagesPerSec: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 2000,
      description: 'Messages the publisher sends to the queue per second.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    consumers: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 8,
      description: 'Consumers sharing the queue; a crashed one is replaced at once.',
    }),
    processingMs: Type.Integer({
      default: 25,
      minimum: 0,
      maximum: 1000,
      description: 'Time each consumer spends on a message before it counts as processed.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    prefetch: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 500,
      description:
        'Unacked messages RabbitMQ lets each consumer hold (manual ack only: auto ack has no limit).',
      'x-unit': 'messages',
    }),
    crashEverySec: Type.Integer({
      default: 3,
      minimum: 0,
      maximum: 60,
      description:
        'Every this many seconds one consumer crashes: its channel closes with what it holds unfinished (0 = never).',
      'x-unit': 's',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export type AcksParams = Static<typeof acksParams>;
