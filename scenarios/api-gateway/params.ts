import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const apiGatewayParams = Type.Object(
  {
    users: Type.Integer({
      default: 6,
      minimum: 1,
      maximum: 50,
      description: 'Well-behaved users, each logged in at auth-service with a JWT of their own.',
    }),
    requestsPerSec: Type.Integer({
      default: 60,
      minimum: 0,
      maximum: 1000,
      description: 'Requests the well-behaved users send per second, in all.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    profilePercent: Type.Integer({
      default: 25,
      minimum: 0,
      maximum: 100,
      description:
        'Share of requests for a profile page: the gateway asks user-service and product-service in parallel and answers with both.',
      'x-unit': '%',
      'x-live': true,
    }),
    orderPercent: Type.Integer({
      default: 10,
      minimum: 0,
      maximum: 100,
      description:
        'Share of requests that place an order (the rest view a product); profile + order above 100 means no product views.',
      'x-unit': '%',
      'x-live': true,
    }),
    badTokenPercent: Type.Integer({
      default: 5,
      minimum: 0,
      maximum: 100,
      description:
        'Share of requests sent with no token or a forged one (signed by a key auth-service never issued).',
      'x-unit': '%',
      'x-live': true,
    }),
    greedyUsers: Type.Integer({
      default: 1,
      minimum: 0,
      maximum: 10,
      description: 'Users who send far more than their share: the rate limit is for them.',
    }),
    greedyRatePerSec: Type.Integer({
      default: 40,
      minimum: 0,
      maximum: 500,
      description: 'Requests each greedy user sends per second.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    rateLimitPerSec: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 1000,
      description:
        "Per-user limit at the gateway: its token bucket in Redis refills this many tokens a second (applied through the gateway's /_control).",
      'x-unit': 'req/s',
      'x-live': true,
    }),
    rateLimitBurst: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 1000,
      description: 'Bucket size: how many requests a user may send at once after a quiet spell.',
      'x-unit': 'requests',
      'x-live': true,
    }),
    productInstances: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 3,
      description:
        'product-service processes; the gateway finds them in the Redis registry and takes them in turn.',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 1_000_000,
      description: 'Seeds which user sends each request and which route it asks for.',
    }),
  },
  { additionalProperties: false },
);

export type ApiGatewayParams = Static<typeof apiGatewayParams>;
