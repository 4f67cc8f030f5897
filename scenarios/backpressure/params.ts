import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const OVERFLOWS = ['drop-head', 'reject-publish', 'reject-publish-dlx'] as const;
export type Overflow = (typeof OVERFLOWS)[number];

export const backpressureParams = Type.Object(
  {
    mode: Type.Union(
      [Type.Literal('both'), Type.Literal('max-length'), Type.Literal('memory-alarm')],
      {
        default: 'both',
        description:
          'max-length: a capped queue under each overflow behaviour in turn (shared broker); memory-alarm: a private node with a low memory watermark; both: one after the other.',
      },
    ),
    publishRate: Type.Integer({
      default: 500,
      minimum: 10,
      maximum: 3000,
      description: 'Messages per second the publisher offers, in every phase.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    consumeRate: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 3000,
      description:
        'Messages per second the consumer can process. Below the publish rate the queue fills.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    maxLength: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 10_000,
      description: 'The capped queue’s x-max-length: ready messages it may hold.',
      'x-unit': 'messages',
    }),
    phaseSec: Type.Number({
      default: 3,
      minimum: 0.5,
      maximum: 60,
      description:
        'Seconds each overflow behaviour gets: drop-head, reject-publish, reject-publish-dlx.',
      'x-unit': 's',
    }),
    memoryPhaseSec: Type.Number({
      default: 6,
      minimum: 1,
      maximum: 60,
      description: 'Seconds the publisher pushes large messages into the private node.',
      'x-unit': 's',
    }),
    headroomMb: Type.Integer({
      default: 24,
      minimum: 4,
      maximum: 512,
      description:
        'The private node’s memory watermark is set this far above what it uses at the start.',
      'x-unit': 'MB',
    }),
    bigMessageKb: Type.Integer({
      default: 64,
      minimum: 1,
      maximum: 1024,
      description: 'Body size of each message in the memory-alarm phase.',
      'x-unit': 'KB',
    }),
  },
  { additionalProperties: false },
);

export type BackpressureParams = Static<typeof backpressureParams>;

export const runsMaxLength = (p: BackpressureParams): boolean => p.mode !== 'memory-alarm';
export const runsMemoryAlarm = (p: BackpressureParams): boolean => p.mode !== 'max-length';
