import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const retentionParams = Type.Object(
  {
    producePerSec: Type.Integer({
      default: 100,
      minimum: 0,
      maximum: 2000,
      description: 'Records the producer writes per second to the one partition.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    consumerPerSec: Type.Integer({
      default: 40,
      minimum: 0,
      maximum: 2000,
      description:
        'Records the consumer processes per second; 0 pauses it (it stays in the group, holding its committed offset).',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    segmentMs: Type.Integer({
      default: 1000,
      minimum: 200,
      maximum: 60000,
      description:
        'segment.ms: the partition starts a new segment file once the open one is this old (at the next write). Retention deletes whole closed segments only.',
      'x-unit': 'ms',
    }),
    retentionMs: Type.Integer({
      default: 3000,
      minimum: 1000,
      maximum: 600000,
      description:
        'retention.ms: a closed segment is deleted once its newest record is older than this.',
      'x-unit': 'ms',
    }),
    retentionBytes: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 100_000_000,
      description:
        'retention.bytes: oldest segments are deleted while the partition holds more than this; 0 leaves size unlimited.',
      'x-unit': 'bytes',
    }),
    reset: Type.Union([Type.Literal('earliest'), Type.Literal('latest')], {
      default: 'earliest',
      description:
        "auto.offset.reset: where the consumer goes when its offset is no longer in the log — the oldest record left ('earliest') or the end ('latest').",
    }),
  },
  { additionalProperties: false },
);

export type RetentionParams = Static<typeof retentionParams>;
