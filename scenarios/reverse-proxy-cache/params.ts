import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const reverseProxyCacheParams = Type.Object(
  {
    clients: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 100,
      description:
        'Clients sending requests through nginx, each one at a time. They keep no cache of their own: every request reaches nginx.',
      'x-unit': 'clients',
    }),
    requestsPerSec: Type.Number({
      default: 200,
      minimum: 0,
      maximum: 3000,
      description: 'Requests per second across all clients (0 pauses them).',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    resources: Type.Integer({
      default: 20,
      minimum: 1,
      maximum: 10_000,
      description:
        'Distinct URLs on the origin. Clients pick them by a zipf law: a few are hot, most are rarely asked.',
      'x-unit': 'URLs',
    }),
    ttlSec: Type.Integer({
      title: 'max-age',
      default: 2,
      minimum: 1,
      maximum: 3600,
      description:
        'Cache-Control max-age the origin sends: how long nginx serves its copy (HIT) before it must ask the origin again (EXPIRED).',
      'x-unit': 's',
      'x-live': true,
    }),
    originDelayMs: Type.Number({
      default: 40,
      minimum: 0,
      maximum: 5000,
      description: 'Time the origin takes before each answer: what a trip to the origin costs.',
      'x-unit': 'ms',
      'x-live': true,
    }),
    proxyTimeoutMs: Type.Integer({
      title: 'proxy_read_timeout',
      default: 1000,
      minimum: 50,
      maximum: 30_000,
      description:
        'How long nginx waits for the origin’s answer before giving up (then STALE, if allowed, or 504).',
      'x-unit': 'ms',
      'x-live': true,
    }),
    useStale: Type.Boolean({
      title: 'proxy_cache_use_stale',
      default: true,
      description:
        'Serve an expired copy when the origin fails, times out, or is already being asked (error timeout updating http_5xx). Off: its failures reach the clients.',
      'x-live': true,
    }),
    backgroundUpdate: Type.Boolean({
      title: 'proxy_cache_background_update',
      default: true,
      description:
        'Refresh an expired entry in a background subrequest and answer the request at once with the stale copy (STALE), instead of making it wait (EXPIRED).',
      'x-live': true,
    }),
    cacheLock: Type.Boolean({
      title: 'proxy_cache_lock',
      default: true,
      description:
        'Of simultaneous misses for one URL, only the first goes to the origin; the others wait for it to fill the cache.',
      'x-live': true,
    }),
    revalidate: Type.Boolean({
      title: 'proxy_cache_revalidate',
      default: false,
      description:
        'Refresh an expired entry with a conditional request (If-None-Match): the origin answers 304 if unchanged, and nginx says REVALIDATED.',
      'x-live': true,
    }),
    bypassShare: Type.Number({
      default: 0.02,
      minimum: 0,
      maximum: 1,
      description:
        'Share of requests that carry X-Cache-Bypass: 1 (a "hard refresh"): nginx skips its cache (BYPASS), asks the origin, and stores the answer.',
      'x-unit': 'ratio',
      'x-live': true,
    }),
    changeEverySec: Type.Number({
      title: 'New version every',
      default: 3,
      minimum: 0,
      maximum: 600,
      description:
        'The origin publishes a new version of every URL this often (new body and ETag); 0 never.',
      'x-unit': 's',
      'x-live': true,
    }),
    outageAtSec: Type.Number({
      default: 4,
      minimum: 0,
      maximum: 3600,
      description:
        'When the origin goes down (it drops every connection), in seconds from the start; 0 never.',
      'x-unit': 's',
    }),
    outageSec: Type.Number({
      default: 2,
      minimum: 0.5,
      maximum: 600,
      description: 'How long the origin stays down.',
      'x-unit': 's',
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

export type ReverseProxyCacheParams = Static<typeof reverseProxyCacheParams>;
