import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const kafkaReplicationParams = Type.Object(
  {
    messagesPerSec: Type.Integer({
      default: 200,
      minimum: 10,
      maximum: 1000,
      description: 'records a second from each producer (both write the same workload)',
      'x-unit': 'records/s',
      'x-live': true,
    }),
    partitions: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 6,
      description: 'partitions of each topic, all led by the same node so the kill hits every one',
    }),
    leaderNode: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 3,
      description: 'the node that leads every partition at the start, and is killed',
    }),
    killAtSec: Type.Number({
      default: 4,
      minimum: 1,
      maximum: 120,
      description: 'seconds into the load (after the cluster is up) when the leader is killed',
      'x-unit': 's',
    }),
    restartAfterSec: Type.Number({
      default: 3,
      minimum: 0,
      maximum: 120,
      description:
        'seconds after the new leaders are in place when the killed node is started again (0: never)',
      'x-unit': 's',
    }),
    followerFetchWaitMs: Type.Integer({
      default: 500,
      minimum: 0,
      maximum: 2000,
      description:
        'how long a follower waits to fetch until there is a full batch (replica.fetch.wait.max.ms with a large replica.fetch.min.bytes): how far the leader may be ahead when it dies. 0: Kafka’s default, fetch as soon as anything arrives',
      'x-unit': 'ms',
    }),
  },
  { additionalProperties: false },
);

export type KafkaReplicationParams = Static<typeof kafkaReplicationParams>;
