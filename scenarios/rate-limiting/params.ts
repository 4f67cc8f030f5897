import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const rateLimitingParams = Type.Object(
  {
    limit: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description: 'Requests each client may make per window (and the burst a bucket holds).',
      'x-unit': 'requests',
    }),
    windowSec: Type.Number({
      default: 1,
      minimum: 0.5,
      maximum: 60,
      description: 'The window the limit applies to: limit requests per windowSec seconds.',
      'x-unit': 's',
    }),
    clients: Type.Integer({
      default: 5,
      minimum: 1,
      maximum: 1000,
      description:
        'Distinct client ids; each has its own limit in every algorithm (its own Redis keys).',
      'x-unit': 'clients',
    }),
    requestsPerSec: Type.Number({
      default: 100,
      minimum: 0,
      maximum: 20_000,
      description:
        'Average requests per second across all clients (0 pauses); each is offered to all five limiters.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    pattern: Type.Union(
      [Type.Literal('steady'), Type.Literal('bursty'), Type.Literal('boundary')],
      {
        default: 'steady',
        description:
          'How requests arrive: steady (evenly paced), bursty (short bursts at random moments, quiet between), or boundary (quiet, then a burst just before a fixed-window edge and another just after it).',
      },
    ),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds which client sends each request and when bursty bursts come.',
    }),
  },
  { additionalProperties: false },
);

export type RateLimitingParams = Static<typeof rateLimitingParams>;
export type Pattern = RateLimitingParams['pattern'];
