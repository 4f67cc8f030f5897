import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** The most visitor ids a run draws from: its set, at ~50 bytes a member, stays under ~60 MB. */
export const POPULATION_MAX = 1_000_000;

export const uniqueVisitorsParams = Type.Object(
  {
    visitsPerSec: Type.Integer({
      default: 5000,
      minimum: 0,
      maximum: 20_000,
      description:
        'Page views per second; each is one visitor id, added to the set, the HyperLogLog and the bitmap (0 pauses the traffic).',
      'x-unit': 'visits/s',
      'x-live': true,
    }),
    population: Type.Integer({
      default: POPULATION_MAX,
      minimum: 1000,
      maximum: POPULATION_MAX,
      description:
        'How many different visitors exist (ids 0 … population − 1); each visit picks one at random, so visitors come back and the unique count levels off near population.',
      'x-unit': 'visitors',
      'x-live': true,
    }),
    idSpacing: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 64,
      description:
        'Gap between consecutive visitor ids: 1 gives dense ids 0, 1, 2, …; 64 gives 0, 64, 128, … (ids from a sharded or hashed sequence). The bitmap keeps one bit per possible id up to the largest.',
      'x-unit': 'ids',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the visitor ids, so a rerun sees the same visitors in the same order.',
    }),
  },
  { additionalProperties: false },
);

export type UniqueVisitorsParams = Static<typeof uniqueVisitorsParams>;
