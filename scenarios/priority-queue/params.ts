import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const priorityQueueParams = Type.Object(
  {
    levels: Type.Integer({
      default: 3,
      minimum: 2,
      maximum: 5,
      description: 'Priorities the messages carry, 0 (lowest) to levels − 1 (highest).',
    }),
    priorityQueue: Type.Boolean({
      default: true,
      description:
        'Declare the queue with x-max-priority = levels − 1; off, it is a plain FIFO queue that ignores the priority property.',
    }),
    mix: Type.Union([Type.Literal('few-urgent'), Type.Literal('uniform')], {
      default: 'few-urgent',
      description:
        'How the priorities are drawn: few-urgent halves the share at each step up (for 3 levels 4 : 2 : 1), uniform gives each the same.',
    }),
    messagesPerSec: Type.Integer({
      default: 150,
      minimum: 0,
      maximum: 2000,
      description: 'Messages published per second, each with a priority drawn from the mix.',
      'x-unit': 'msg/s',
      'x-live': true,
    }),
    workMs: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description:
        'Time the consumer spends on each message: 10 ms is 100 msg/s, so the default load leaves a backlog.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    prefetch: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 500,
      description:
        "Unacknowledged messages the consumer may hold. Priority orders the queue, not the consumer's buffer.",
      'x-unit': 'messages',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 1_000_000,
      description: 'Seeds the priorities drawn, so a rerun publishes the same stream.',
    }),
  },
  { additionalProperties: false },
);

export type PriorityQueueParams = Static<typeof priorityQueueParams>;

/** Each level's share of the messages, lowest priority first. */
export function mixWeights(levels: number, mix: PriorityQueueParams['mix']): number[] {
  const raw = Array.from({ length: levels }, (_, p) =>
    mix === 'uniform' ? 1 : 2 ** (levels - 1 - p),
  );
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / sum);
}
