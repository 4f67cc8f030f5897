import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const POLICIES = [
  'allkeys-lru',
  'allkeys-lfu',
  'volatile-ttl',
  'allkeys-random',
  'noeviction',
] as const;

export const evictionParams = Type.Object(
  {
    policy: Type.Union(
      POLICIES.map((p) => Type.Literal(p)),
      {
        default: 'allkeys-lru',
        description:
          'maxmemory-policy: which keys Redis drops when memory is full (noeviction refuses writes instead)',
        'x-live': true,
      },
    ),
    maxmemoryMb: Type.Integer({
      default: 4,
      minimum: 2,
      maximum: 64,
      description: 'maxmemory of the private Redis',
      'x-unit': 'MB',
      'x-live': true,
    }),
    lfuLogFactor: Type.Integer({
      default: 10,
      minimum: 0,
      maximum: 100,
      description:
        'lfu-log-factor: how slowly LFU counters grow (10, the default, needs ~100 hits to reach 10; 0 counts every hit)',
    }),
    keys: Type.Integer({
      default: 5_000,
      minimum: 1_000,
      maximum: 100_000,
      description: 'distinct items the readers ask for (the working set)',
    }),
    valueBytes: Type.Integer({
      default: 1024,
      minimum: 64,
      maximum: 8192,
      description: 'size of each cached value',
      'x-unit': 'B',
    }),
    zipfExponent: Type.Number({
      default: 1,
      minimum: 0,
      maximum: 2,
      description: 'skew of the reads: 0 is uniform, 1 a typical hot set, 2 a few very hot items',
      'x-live': true,
    }),
    scanBurst: Type.Integer({
      default: 4000,
      minimum: 0,
      maximum: 20_000,
      description:
        'items a crawler reads once each, in a burst every scanEverySec seconds (one-hit wonders; 0 = none)',
      'x-live': true,
    }),
    scanEverySec: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 30,
      description: 'seconds between crawler bursts',
      'x-unit': 's',
      'x-live': true,
    }),
    readsPerSec: Type.Integer({
      default: 2000,
      minimum: 0,
      maximum: 4000,
      description: 'read rate of all readers together',
      'x-unit': 'reads/s',
      'x-live': true,
    }),
    concurrency: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 32,
      description: 'readers in flight at once',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 1_000_000,
      description: 'seed of the workload, so a rerun repeats it',
    }),
  },
  { additionalProperties: false },
);

export type EvictionParams = Static<typeof evictionParams>;
export type Policy = (typeof POLICIES)[number];
