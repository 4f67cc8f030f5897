import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const consumerGroupLagParams = Type.Object(
  {
    partitions: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 32,
      description:
        'Partitions of the topic: the most members that can consume at once; any beyond sit idle.',
      'x-unit': 'partitions',
    }),
    producePerSec: Type.Integer({
      default: 150,
      minimum: 0,
      maximum: 5000,
      description: 'Messages the producer writes per second, spread evenly over the partitions.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    consumers: Type.Integer({
      default: 2,
      minimum: 0,
      maximum: 16,
      description:
        'Members of the consumer group; changing it makes members join or leave, and the group rebalances.',
      'x-unit': 'members',
      'x-live': true,
    }),
    processingMs: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 1000,
      description:
        'Time each member spends on one message (one at a time), so a member handles 1000 / processingMs msg/s.',
      'x-unit': 'ms',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export type ConsumerGroupLagParams = Static<typeof consumerGroupLagParams>;
