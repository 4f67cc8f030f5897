import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const httpCachingParams = Type.Object(
  {
    clients: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 200,
      description:
        'Simulated clients, each with a private HTTP cache of its own (as every browser has), one request at a time.',
      'x-unit': 'clients',
    }),
    requestsPerSec: Type.Number({
      default: 200,
      minimum: 0,
      maximum: 5000,
      description:
        'Requests per second across all clients, each for one of the six resources at random (0 pauses them).',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    maxAgeSec: Type.Integer({
      title: 'max-age',
      default: 3,
      minimum: 1,
      maximum: 3600,
      description:
        'max-age of /fresh and /no-validator: how long a client may reuse its copy without asking the origin.',
      'x-unit': 's',
      'x-live': true,
    }),
    swrSec: Type.Integer({
      title: 'stale-while-revalidate',
      default: 10,
      minimum: 1,
      maximum: 3600,
      description:
        'stale-while-revalidate of /swr (max-age=1): how long past its freshness a copy may still be served while the cache refreshes it in the background.',
      'x-unit': 's',
      'x-live': true,
    }),
    changeEverySec: Type.Number({
      title: 'New version every',
      default: 4,
      minimum: 0,
      maximum: 600,
      description:
        'The origin publishes a new version of every resource this often (new body, ETag and Last-Modified); 0 never.',
      'x-unit': 's',
      'x-live': true,
    }),
    sizeKb: Type.Integer({
      title: 'Body size',
      default: 8,
      minimum: 1,
      maximum: 1024,
      description: 'Body size of each resource.',
      'x-unit': 'KiB',
    }),
    originDelayMs: Type.Number({
      default: 10,
      minimum: 0,
      maximum: 2000,
      description:
        'Time the origin takes before each answer, 200 or 304 alike: what a trip to the origin costs.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds which resource each request asks for, so a rerun repeats the workload.',
    }),
  },
  { additionalProperties: false },
);

export type HttpCachingParams = Static<typeof httpCachingParams>;
