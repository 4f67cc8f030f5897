import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const logAggregationParams = Type.Object(
  {
    services: Type.Integer({
      default: 4,
      minimum: 1,
      maximum: 8,
      description:
        'Services writing logs and latency metrics to the one topic (api, auth, billing, search, …).',
      'x-unit': 'services',
    }),
    eventsPerSec: Type.Integer({
      default: 300,
      minimum: 0,
      maximum: 3000,
      description: 'Log lines and metric samples written per second, over all services.',
      'x-unit': 'events/s',
      'x-live': true,
    }),
    windowSec: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 30,
      description: 'Length of the tumbling windows the aggregator counts in, by event time.',
      'x-unit': 's',
    }),
    latePct: Type.Integer({
      default: 10,
      minimum: 0,
      maximum: 50,
      description:
        'Share of events a service holds back before sending (a buffering agent, a retry), keeping their original event time.',
      'x-unit': '%',
      'x-live': true,
    }),
    maxDelayMs: Type.Integer({
      default: 1500,
      minimum: 0,
      maximum: 5000,
      description: 'A held-back event is sent up to this long after it happened.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    graceMs: Type.Integer({
      default: 300,
      minimum: 0,
      maximum: 5000,
      description:
        'How long past a window’s end the aggregator keeps it open (watermark = newest event time − grace).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    latePolicy: Type.Union([Type.Literal('update'), Type.Literal('drop')], {
      default: 'update',
      description:
        'What the aggregator does with an event whose window is already closed: update the window (emit a correction) or drop the event.',
    }),
    failingService: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 8,
      description:
        'A service (1 = api, 2 = auth, 3 = billing, …) whose share of error lines jumps to 40% (0: none).',
      'x-unit': 'service',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 11,
      minimum: 0,
      maximum: 2_147_483_647,
      description:
        'Seeds the services, levels, latencies and delays, so a rerun writes the same logs.',
    }),
  },
  { additionalProperties: false },
);

export type LogAggregationParams = Static<typeof logAggregationParams>;
