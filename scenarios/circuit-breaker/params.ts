import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const circuitBreakerParams = Type.Object(
  {
    protection: Type.Union([Type.Literal('off'), Type.Literal('on')], {
      default: 'off',
      description:
        'How the gateway calls product-service: off (one plain call, waiting as long as it takes) or on (a timeout per attempt, retries with jittered backoff, a circuit breaker and a fallback to the product as Redis cached it). The script also switches it on at protectAtSec.',
      'x-live': true,
    }),
    protectAtSec: Type.Number({
      default: 15,
      minimum: 0,
      maximum: 600,
      description:
        'When the script switches protection on, in seconds from the start, so one run shows the gateway without it and then with it (0: never; a live change of protection takes over from then on).',
      'x-unit': 's',
    }),
    slowAtSec: Type.Number({
      default: 3,
      minimum: 0,
      maximum: 600,
      description:
        'When product-service starts taking delayMs and failing at failRate, in seconds from the start; before it, the product cache in Redis fills.',
      'x-unit': 's',
    }),
    delayMs: Type.Integer({
      default: 1500,
      minimum: 0,
      maximum: 3000,
      description: 'Added to every product-service request (its /_control), once it is slowed.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    failRate: Type.Number({
      default: 0,
      minimum: 0,
      maximum: 1,
      description:
        'The share of product-service requests answered 503 at once (its /_control), once it is slowed.',
      'x-live': true,
    }),
    requestsPerSec: Type.Number({
      default: 60,
      minimum: 0,
      maximum: 300,
      description:
        'Client requests per second to the gateway, half for a product (calls product-service), half for a user (calls only user-service). 0 pauses them.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    timeoutMs: Type.Integer({
      default: 250,
      minimum: 20,
      maximum: 1000,
      description:
        'With protection: how long the gateway waits for one attempt at product-service.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    retries: Type.Integer({
      default: 2,
      minimum: 0,
      maximum: 3,
      description:
        'With protection: attempts after the first, each after a pause drawn uniformly below 50·2ⁿ ms (at most 400 ms).',
      'x-live': true,
    }),
    gatewayWorkers: Type.Integer({
      default: 32,
      minimum: 4,
      maximum: 256,
      description:
        'Requests the gateway works on at once; the rest wait in its line (at most 2 s, then 503), as in a thread pool.',
      'x-unit': 'requests',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds which products and users the clients ask for.',
    }),
  },
  { additionalProperties: false },
);

export type CircuitBreakerParams = Static<typeof circuitBreakerParams>;
