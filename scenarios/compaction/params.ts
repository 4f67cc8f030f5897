import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const compactionParams = Type.Object(
  {
    keys: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 500,
      description:
        'Live keys (entities) at any moment; each write updates one of them. A deleted key is replaced by a new one.',
      'x-unit': 'keys',
    }),
    producePerSec: Type.Integer({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description: 'Writes per second: updates of live keys and tombstones.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    tombstonePct: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 50,
      description:
        'Share of writes that delete a live key: a tombstone (the key with a null value). A new key takes its place.',
      'x-unit': '%',
      'x-live': true,
    }),
    segmentMs: Type.Integer({
      default: 1000,
      minimum: 200,
      maximum: 5000,
      description:
        'segment.ms: a new segment starts once the open one is this old. The cleaner never touches the open (active) segment.',
      'x-unit': 'ms',
    }),
    minCleanableDirtyRatio: Type.Number({
      default: 0.01,
      minimum: 0.01,
      maximum: 0.99,
      description:
        'min.cleanable.dirty.ratio: the cleaner compacts a log once this share of it is not yet compacted (default in Kafka: 0.5).',
    }),
    deleteRetentionMs: Type.Integer({
      default: 2000,
      minimum: 0,
      maximum: 600000,
      description:
        'delete.retention.ms: how long a tombstone stays after the cleaner first compacts it, so a reader can see the delete.',
      'x-unit': 'ms',
    }),
    minCompactionLagMs: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 600000,
      description:
        'min.compaction.lag.ms: a record younger than this is never compacted away, whatever replaced it.',
      'x-unit': 'ms',
    }),
    seed: Type.Integer({
      default: 1,
      minimum: 0,
      maximum: 1_000_000,
      description: 'Seeds which key each write goes to, so reruns repeat the workload.',
    }),
  },
  { additionalProperties: false },
);

export type CompactionParams = Static<typeof compactionParams>;
