import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const PRIMARIES = ['redis-1', 'redis-2', 'redis-3'] as const;

export const redisClusterParams = Type.Object(
  {
    opsPerSec: Type.Integer({
      default: 300,
      minimum: 10,
      maximum: 2000,
      description: 'operations a second: half SETs of plain keys, half MSETs of a user’s keys',
      'x-unit': 'ops/s',
      'x-live': true,
    }),
    concurrency: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 32,
      description: 'operations in flight at once (one cluster client)',
    }),
    keys: Type.Integer({
      default: 1000,
      minimum: 10,
      maximum: 100000,
      description: 'plain keys, spread over the 16384 slots by their hash',
    }),
    users: Type.Integer({
      default: 30,
      minimum: 1,
      maximum: 1000,
      description: 'users, each with two keys that share a hash tag {user:<n>} and so a slot',
    }),
    reshardAtSec: Type.Number({
      default: 1,
      minimum: 0,
      maximum: 60,
      description:
        'seconds after the load starts when the slots of redis-1’s users move to redis-2 (0: no reshard)',
      'x-unit': 's',
    }),
    askWindowMs: Type.Integer({
      default: 300,
      minimum: 0,
      maximum: 2000,
      description:
        'how long each slot stays half-moved (MIGRATING, its keys already gone): clients get ASK meanwhile',
      'x-unit': 'ms',
    }),
    killAtSec: Type.Number({
      default: 6,
      minimum: 0,
      maximum: 60,
      description: 'seconds after the load starts when a primary is killed (0: no kill)',
      'x-unit': 's',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2147483647,
      description: 'seed of the random keys and users, so a rerun repeats the workload',
    }),
    killNode: Type.Union(
      PRIMARIES.map((p) => Type.Literal(p)),
      { default: 'redis-2', description: 'the primary killed with SIGKILL' },
    ),
  },
  { additionalProperties: false },
);

export type RedisClusterParams = Static<typeof redisClusterParams>;
