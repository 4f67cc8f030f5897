import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const deadLetterParams = Type.Object(
  {
    messagesPerSec: Type.Integer({
      default: 60,
      minimum: 0,
      maximum: 1000,
      description: 'Messages the publisher sends to the work exchange per second.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    processingMs: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 1000,
      description: 'Time the worker spends on each delivery, one at a time.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    failureRate: Type.Number({
      default: 0.2,
      minimum: 0,
      maximum: 1,
      description:
        'Share of deliveries that fail for a passing reason: retried after a delay, parked after maxAttempts.',
      'x-live': true,
    }),
    poisonRate: Type.Number({
      default: 0.02,
      minimum: 0,
      maximum: 1,
      description:
        'Share of deliveries the worker can never process: rejected without requeue, so dead-lettered at once.',
      'x-live': true,
    }),
    maxAttempts: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 10,
      description: 'Failed attempts after which the worker parks a message instead of retrying.',
      'x-unit': 'attempts',
    }),
    retryDelayMs: Type.Integer({
      default: 500,
      minimum: 50,
      maximum: 5000,
      description: 'How long a failed message waits in the retry queue (its x-message-ttl).',
      'x-unit': 'ms',
    }),
    ttlShare: Type.Number({
      default: 0.3,
      minimum: 0,
      maximum: 1,
      description: 'Share of messages published with a per-message TTL (the expiration property).',
    }),
    messageTtlMs: Type.Integer({
      default: 500,
      minimum: 1,
      maximum: 60000,
      description: 'The per-message TTL of those messages: stale if not delivered by then.',
      'x-unit': 'ms',
    }),
    maxLength: Type.Integer({
      default: 50,
      minimum: 1,
      maximum: 100000,
      description:
        "The work queue's x-max-length: once full, each new message pushes the oldest out (drop-head), dead-lettered.",
      'x-unit': 'messages',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description:
        'Seeds which messages carry a TTL and which deliveries fail, so a rerun repeats.',
    }),
  },
  { additionalProperties: false },
);

export type DeadLetterParams = Static<typeof deadLetterParams>;
