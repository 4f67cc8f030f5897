import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const LAYOUTS = ['json', 'hash', 'bucketed'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const dataStructuresParams = Type.Object(
  {
    objects: Type.Integer({
      default: 2000,
      minimum: 100,
      maximum: 10_000,
      description:
        'objects stored, the same ones in each layout (fewer when their values would pass 4 MB a layout)',
    }),
    fields: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 1000,
      description: 'fields per object; a change rewrites every object',
      'x-live': true,
    }),
    valueBytes: Type.Integer({
      default: 16,
      minimum: 1,
      maximum: 256,
      description: "length of each field's value; a change rewrites every object",
      'x-unit': 'B',
      'x-live': true,
    }),
    bucketObjects: Type.Integer({
      default: 50,
      minimum: 1,
      maximum: 500,
      description: 'objects per bucket hash in the bucketed layout (its fields: objects × fields)',
      'x-live': true,
    }),
    listpackEntries: Type.Integer({
      default: 512,
      minimum: 1,
      maximum: 4096,
      description: 'hash-max-listpack-entries: a hash with more fields is a hashtable',
      'x-live': true,
    }),
    listpackValue: Type.Integer({
      default: 64,
      minimum: 1,
      maximum: 1024,
      description:
        'hash-max-listpack-value: a hash with a longer field name or value is a hashtable',
      'x-unit': 'B',
      'x-live': true,
    }),
    opsPerSec: Type.Integer({
      default: 600,
      minimum: 0,
      maximum: 3000,
      description: 'reads and updates a second, spread evenly over the three layouts',
      'x-unit': 'ops/s',
      'x-live': true,
    }),
    updateRatio: Type.Number({
      default: 0.3,
      minimum: 0,
      maximum: 1,
      description: 'share of operations that update one field (the rest read a whole object)',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 11,
      minimum: 0,
      maximum: 1_000_000,
      description: 'seed of the workload, so a rerun repeats it',
    }),
  },
  { additionalProperties: false },
);

export type DataStructuresParams = Static<typeof dataStructuresParams>;
