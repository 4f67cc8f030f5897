import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const redisFailoverParams = Type.Object(
  {
    writesPerSec: Type.Integer({
      default: 200,
      minimum: 10,
      maximum: 1000,
      description: 'numbered writes a second, for each of the two writers',
      'x-unit': 'writes/s',
      'x-live': true,
    }),
    concurrency: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 32,
      description: 'writes in flight at once, for each writer (WAIT holds its connection)',
    }),
    killAtSec: Type.Number({
      default: 3,
      minimum: 0.5,
      maximum: 60,
      description: 'seconds after the writes start when the primary is killed with SIGKILL',
      'x-unit': 's',
    }),
    replicationCutMs: Type.Integer({
      default: 400,
      minimum: 0,
      maximum: 3000,
      description:
        'how long before the kill the primary’s replication link stops delivering (a black hole): the replicas’ lag',
      'x-unit': 'ms',
    }),
    waitTimeoutMs: Type.Integer({
      default: 1000,
      minimum: 100,
      maximum: 5000,
      description:
        'how long WAIT 1 waits for a replica to confirm before the write counts as unconfirmed',
      'x-unit': 'ms',
    }),
    // 2 s, not 1: the fault links run in the playground's own process, so its stalls (a busy
    // machine) are network stalls; at 1 s one during the vote could make the Sentinels fail
    // over a second time, away from the replica they had just promoted (docs/clusters/redis.md).
    downAfterMs: Type.Integer({
      default: 2000,
      minimum: 300,
      maximum: 10000,
      description: "Sentinel's down-after-milliseconds: silence before the primary is called down",
      'x-unit': 'ms',
    }),
  },
  { additionalProperties: false },
);

export type RedisFailoverParams = Static<typeof redisFailoverParams>;

export const WRITERS = ['async', 'wait'] as const;
export type WriterKind = (typeof WRITERS)[number];
