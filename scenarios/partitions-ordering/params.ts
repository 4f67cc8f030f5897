import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const partitionsOrderingParams = Type.Object(
  {
    partitions: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 12,
      description: 'Partitions of the topic.',
      'x-unit': 'partitions',
    }),
    keys: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 64,
      description:
        'Distinct keys (say, customer ids); each record belongs to one and carries its per-key sequence number.',
      'x-unit': 'keys',
    }),
    keyed: Type.Boolean({
      default: true,
      description:
        'Send the key with each record, so Kafka’s default partitioner (murmur2 of the key) picks its partition; off, records go round-robin.',
      'x-live': true,
    }),
    hotKeyPct: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 90,
      description: 'Share of records that belong to one hot key (key-0); the rest spread evenly.',
      'x-unit': '%',
      'x-live': true,
    }),
    producePerSec: Type.Integer({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description: 'Records the producer writes per second.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    consumers: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 8,
      description: 'Members of the consumer group sharing the partitions.',
      'x-unit': 'members',
    }),
    processingMs: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 100,
      description:
        'Time a member spends on one record, so a member handles at most 1000 / processingMs a second.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 1,
      minimum: 0,
      maximum: 1_000_000,
      description: 'Seeds which key each record belongs to.',
    }),
  },
  { additionalProperties: false },
);

export type PartitionsOrderingParams = Static<typeof partitionsOrderingParams>;
