import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const PROTECTIONS = ['none', 'lock', 'early-refresh', 'stale-while-revalidate'] as const;
export type Protection = (typeof PROTECTIONS)[number];

export const cacheStampedeParams = Type.Object(
  {
    protection: Type.Union(
      PROTECTIONS.map((p) => Type.Literal(p)),
      {
        default: 'none',
        description:
          'What a reader does when a hot key is missing or old: none (go to the origin), lock (one reader refills under SET NX PX, the others retry), early-refresh (a reader may refresh before expiry, more likely as it nears), stale-while-revalidate (serve the old value while one reader refreshes in the background).',
      },
    ),
    hotKeys: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 20,
      description:
        'Hot keys every reader asks for; they are cached together, so they expire together.',
      'x-unit': 'keys',
    }),
    readers: Type.Integer({
      default: 64,
      minimum: 1,
      maximum: 256,
      description:
        'Concurrent reader workers sharing the read rate; a reader waiting on the origin reads nothing else.',
      'x-unit': 'readers',
    }),
    readsPerSec: Type.Number({
      default: 800,
      minimum: 0,
      maximum: 4000,
      description: 'Reads per second across all readers (0 pauses them).',
      'x-unit': 'reads/s',
      'x-live': true,
    }),
    ttlSec: Type.Number({
      default: 2,
      minimum: 0.5,
      maximum: 60,
      description:
        'How long a value is fresh once computed (SET … PX); applies to values cached from then on.',
      'x-unit': 's',
      'x-live': true,
    }),
    originLatencyMs: Type.Number({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description: 'How long the origin takes to compute a value (a slow query or report).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    lockTtlMs: Type.Integer({
      default: 1000,
      minimum: 50,
      maximum: 10_000,
      description:
        'How long a refill lock lives (SET NX PX) if its holder never releases it; keep it above originLatencyMs.',
      'x-unit': 'ms',
    }),
    retryMs: Type.Integer({
      default: 25,
      minimum: 5,
      maximum: 500,
      description: 'How long a reader that did not get the lock waits before it looks again.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    beta: Type.Number({
      default: 1,
      minimum: 0.1,
      maximum: 5,
      description: 'early-refresh eagerness (XFetch β): higher refreshes earlier.',
    }),
    staleSec: Type.Number({
      default: 5,
      minimum: 0.5,
      maximum: 60,
      description:
        'stale-while-revalidate: how long past its freshness a value may still be served while it is refreshed.',
      'x-unit': 's',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the key choices and early-refresh draws, so a rerun repeats them.',
    }),
  },
  { additionalProperties: false },
);

export type CacheStampedeParams = Static<typeof cacheStampedeParams>;
