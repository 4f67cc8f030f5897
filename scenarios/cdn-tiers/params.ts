import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const cdnTiersParams = Type.Object(
  {
    edges: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 5,
      description:
        'Edge caches (an nginx each), each serving its own group of clients from a different distance.',
      'x-unit': 'edges',
    }),
    clientsPerEdge: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: 20,
      description:
        'Clients near each edge, each one request at a time, with no cache of their own.',
      'x-unit': 'clients',
    }),
    requestsPerSec: Type.Number({
      default: 150,
      minimum: 0,
      maximum: 2000,
      description:
        'Requests per second across all clients, spread evenly over the edges (0 pauses them).',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    resources: Type.Integer({
      default: 30,
      minimum: 1,
      maximum: 10_000,
      description:
        'Distinct URLs. Clients pick them by a zipf law: a few are hot, most are rarely asked.',
      'x-unit': 'URLs',
    }),
    distanceStepMs: Type.Integer({
      default: 15,
      minimum: 0,
      maximum: 500,
      description:
        'Edge i is i × this far from its clients: a latency toxic on the link in front of it delays every answer by that much.',
      'x-unit': 'ms',
    }),
    shieldLatencyMs: Type.Integer({
      default: 20,
      minimum: 0,
      maximum: 1000,
      description:
        'Latency between the edges and the shield (a toxic on the link in front of the shield).',
      'x-unit': 'ms',
    }),
    originDelayMs: Type.Number({
      default: 40,
      minimum: 0,
      maximum: 5000,
      description: 'Time the origin takes before each answer.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    edgeTtlSec: Type.Integer({
      title: 'Edge TTL',
      default: 1,
      minimum: 1,
      maximum: 3600,
      description:
        'How long an edge keeps an answer (proxy_cache_valid; the origin sends no Cache-Control, so the CDN decides).',
      'x-unit': 's',
      'x-live': true,
    }),
    shieldTtlSec: Type.Integer({
      title: 'Shield TTL',
      default: 3,
      minimum: 1,
      maximum: 3600,
      description: 'How long the shield keeps an answer.',
      'x-unit': 's',
      'x-live': true,
    }),
    bumpEverySec: Type.Number({
      title: 'New version every',
      default: 5,
      minimum: 0,
      maximum: 600,
      description:
        'The origin publishes a new version of every URL this often (0 never). nginx has no purge here: the new version spreads as the tiers’ entries expire, and the run measures how long until every edge serves it.',
      'x-unit': 's',
      'x-live': true,
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds which URL each request asks for, so a rerun repeats the workload.',
    }),
  },
  { additionalProperties: false },
);

export type CdnTiersParams = Static<typeof cdnTiersParams>;
