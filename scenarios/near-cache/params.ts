import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const nearCacheParams = Type.Object(
  {
    instances: Type.Integer({
      default: 3,
      minimum: 2,
      maximum: 8,
      description:
        'App instances, each with its own in-process LRU (L1) and its own Redis connections.',
      'x-unit': 'instances',
    }),
    keys: Type.Integer({
      default: 500,
      minimum: 10,
      maximum: 100_000,
      description: 'Items in the origin; each is cached under its own Redis key.',
      'x-unit': 'keys',
    }),
    zipfExponent: Type.Number({
      default: 1,
      minimum: 0,
      maximum: 2,
      description:
        'How skewed reads and writes are: item k is used in proportion to 1/k^s (0 = uniform).',
    }),
    readsPerSec: Type.Number({
      default: 900,
      minimum: 0,
      maximum: 20_000,
      description: 'Reads per second over all instances.',
      'x-unit': 'reads/s',
      'x-live': true,
    }),
    writesPerSec: Type.Number({
      default: 20,
      minimum: 0,
      maximum: 1000,
      description:
        'Writes per second, each through a random instance: origin, then Redis, then its own L1.',
      'x-unit': 'writes/s',
      'x-live': true,
    }),
    invalidation: Type.Union(
      [Type.Literal('tracking'), Type.Literal('pubsub'), Type.Literal('off')],
      {
        default: 'tracking',
        description:
          'How the other instances learn of a write: tracking (Redis client-side caching pushes the key, CLIENT TRACKING … BCAST), pubsub (the writer PUBLISHes the key), or off (they do not: L1 entries live until their TTL).',
        'x-live': true,
      },
    ),
    invalidationDelayMs: Type.Number({
      default: 0,
      minimum: 0,
      maximum: 2000,
      description:
        'Latency added to the connections that carry invalidation messages (a toxic on their own link), standing for a slow network or a busy subscriber.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    l1MaxEntries: Type.Integer({
      default: 100,
      minimum: 1,
      maximum: 100_000,
      description: 'Entries each instance’s LRU holds before it evicts the least recently used.',
      'x-unit': 'entries',
    }),
    l1TtlMs: Type.Integer({
      default: 10_000,
      minimum: 100,
      maximum: 600_000,
      description:
        'How long an L1 entry lives: the only bound on staleness when invalidation is off.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    originLatencyMs: Type.Number({
      default: 5,
      minimum: 0,
      maximum: 1000,
      description: 'Delay of each origin load, on a read that missed both levels.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the key choices, so a rerun asks for the same items in the same order.',
    }),
  },
  { additionalProperties: false },
);

export type NearCacheParams = Static<typeof nearCacheParams>;
