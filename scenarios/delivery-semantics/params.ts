import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const deliveryModes = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];

export const deliverySemanticsParams = Type.Object(
  {
    mode: Type.Union(
      [Type.Literal('at-most-once'), Type.Literal('at-least-once'), Type.Literal('exactly-once')],
      {
        default: 'at-least-once',
        description:
          'How the processor orders its work: at-most-once commits the input offsets and then processes; at-least-once processes and then commits; exactly-once writes its output and the input offsets in one Kafka transaction.',
      },
    ),
    inputPerSec: Type.Integer({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description: 'Input records written per second, each with its own id.',
      'x-unit': 'records/s',
      'x-live': true,
    }),
    crashEvery: Type.Integer({
      default: 250,
      minimum: 0,
      maximum: 5000,
      description:
        'The processor crashes after this many records, in the middle of a chunk, and a new instance takes over from the committed offsets (0: never). Crashes stop with the load, so the processor can finish the input.',
      'x-unit': 'records',
      'x-live': true,
    }),
    commitEvery: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 500,
      description:
        'Records per chunk: the processor commits (or commits a transaction) once per chunk.',
      'x-unit': 'records',
      'x-live': true,
    }),
    partitions: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 8,
      description: 'Partitions of the input and of the output topic.',
      'x-unit': 'partitions',
    }),
  },
  { additionalProperties: false },
);

export type DeliverySemanticsParams = Static<typeof deliverySemanticsParams>;
