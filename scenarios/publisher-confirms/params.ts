import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const publisherConfirmsParams = Type.Object(
  {
    modeSec: Type.Number({
      default: 2,
      minimum: 0.5,
      maximum: 30,
      description:
        'Seconds each way of publishing gets, one after the other: fire-and-forget, confirm each, batched, streaming.',
      'x-unit': 's',
    }),
    maxRate: Type.Integer({
      default: 2000,
      minimum: 10,
      maximum: 5000,
      description:
        'The most messages per second any mode may publish; a mode that waits on confirms may get fewer.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    batchSize: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 1000,
      description: 'Batched confirms: messages published before waiting for all their confirms.',
      'x-unit': 'messages',
    }),
    window: Type.Integer({
      default: 256,
      minimum: 1,
      maximum: 5000,
      description: 'Streaming confirms: unconfirmed messages allowed in flight at once.',
      'x-unit': 'messages',
    }),
    messageSize: Type.Integer({
      default: 256,
      minimum: 16,
      maximum: 65536,
      description:
        'Body size of each message (the first 16 bytes hold its sequence and send time).',
      'x-unit': 'bytes',
    }),
    crash: Type.Boolean({
      default: true,
      description:
        'Then, on a private RabbitMQ node, stream persistent and transient messages, SIGKILL the node mid-stream, restart it and count what survived.',
    }),
    crashAfterMs: Type.Integer({
      default: 1000,
      minimum: 200,
      maximum: 10_000,
      description: 'How long the private node takes messages before it is killed.',
      'x-unit': 'ms',
    }),
  },
  { additionalProperties: false },
);

export type PublisherConfirmsParams = Static<typeof publisherConfirmsParams>;

export const MODES = ['fire-and-forget', 'confirm-each', 'batched', 'streaming'] as const;
export type Mode = (typeof MODES)[number];
