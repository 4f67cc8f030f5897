import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const workQueueParams = Type.Object(
  {
    workers: Type.Integer({
      default: 3,
      minimum: 2,
      maximum: 8,
      description: 'Workers consuming the one queue; worker 1 is the slow one.',
    }),
    prefetch: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 500,
      description:
        'Unacknowledged jobs RabbitMQ lets each worker hold at once (basic.qos): 1 hands out the next job only when the last is done.',
      'x-unit': 'jobs',
    }),
    jobsPerBatch: Type.Integer({
      default: 60,
      minimum: 0,
      maximum: 1000,
      description: 'Jobs published at once in each batch.',
      'x-unit': 'jobs',
      'x-live': true,
    }),
    batchEverySec: Type.Integer({
      default: 2,
      minimum: 1,
      maximum: 30,
      description: 'Seconds from one batch to the next.',
      'x-unit': 's',
      'x-live': true,
    }),
    workMs: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description: 'Time a fast worker (2 and up) spends on a job before acking it.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    slowWorkMs: Type.Integer({
      default: 200,
      minimum: 1,
      maximum: 5000,
      description: 'Time worker 1 spends on a job before acking it.',
      'x-unit': 'ms',
      'x-live': true,
    }),
  },
  { additionalProperties: false },
);

export type WorkQueueParams = Static<typeof workQueueParams>;
