import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const rebalancingParams = Type.Object(
  {
    protocol: Type.Union([Type.Literal('eager'), Type.Literal('consumer')], {
      default: 'eager',
      description:
        'eager: the classic protocol as kafkajs speaks it, every member giving up all its partitions at each rebalance (range assignor). consumer: the new protocol (KIP-848, Kafka 4.0+), the broker assigning and members giving up only what moves. (Classic cooperative-sticky is absent: kafkajs 2.2.4 has no cooperative rebalancing.)',
    }),
    partitions: Type.Integer({
      default: 6,
      minimum: 1,
      maximum: 24,
      description: 'Partitions of the topic, dealt out among the members.',
      'x-unit': 'partitions',
    }),
    consumers: Type.Integer({
      default: 3,
      minimum: 0,
      maximum: 8,
      description: 'Members that have joined; change it to make members join or leave cleanly.',
      'x-unit': 'members',
      'x-live': true,
    }),
    crashed: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 8,
      description:
        'Members that have crashed; raise it to crash the newest live member (it stops heartbeating without leaving, so the group notices only after its 10 s session timeout).',
      'x-unit': 'members',
      'x-live': true,
    }),
    producePerSec: Type.Integer({
      default: 200,
      minimum: 0,
      maximum: 2000,
      description: 'Records written per second, spread evenly over the partitions.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    processingMs: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 200,
      description: 'Time a member spends on each record, one at a time.',
      'x-unit': 'ms',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export type RebalancingParams = Static<typeof rebalancingParams>;
