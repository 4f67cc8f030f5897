import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const FAULTY_SERVICES = ['none', 'product-service', 'user-service', 'auth-service'] as const;
export type FaultyService = (typeof FAULTY_SERVICES)[number];

export const logAndMetricsParams = Type.Object(
  {
    requestsPerSec: Type.Number({
      default: 60,
      minimum: 0,
      maximum: 400,
      description:
        'Requests the clients send to the gateway per second, in all: product pages, profiles (user-service and product-service behind one call) and orders.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    faultyService: Type.Union(
      FAULTY_SERVICES.map((s) => Type.Literal(s)),
      {
        default: 'product-service',
        description:
          'The service whose business routes fail (failRate) and slow down (delayMs), through its /_control.',
        'x-live': true,
      },
    ),
    failRate: Type.Number({
      default: 0.1,
      minimum: 0,
      maximum: 1,
      description: 'The share of the faulty service’s business requests answered with a 503.',
      'x-live': true,
    }),
    delayMs: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 2000,
      description: 'Added before the faulty service handles each business request.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 7,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds the clients’ choice of route, user and product.',
    }),
  },
  { additionalProperties: false },
);

export type LogAndMetricsParams = Static<typeof logAndMetricsParams>;
