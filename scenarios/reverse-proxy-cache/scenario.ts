// A real nginx in front of an origin: what proxy_cache answers itself, what it fetches, and what
// it serves stale when the origin is slow or down, counted by the clients from nginx's own header
// and held against nginx's access log and the origin's own count.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { reverseProxyCacheChecks } from './checks.ts';
import { reverseProxyCacheCharts, reverseProxyCacheMetrics } from './metrics.ts';
import { reverseProxyCacheParams } from './params.ts';
import { runReverseProxyCache } from './run.ts';
import { reverseProxyCacheTopology } from './topology.ts';

export default defineScenario({
  id: 'reverse-proxy-cache',
  title: 'Reverse-proxy cache: nginx in front of the origin',
  summary:
    'A private nginx with proxy_cache between clients and an origin: HIT, MISS, EXPIRED, STALE, UPDATING and BYPASS counted from nginx’s own header, the origin’s load against the clients’, and stale copies served while the origin is down.',
  brokers: [],
  requires: ['nginx'],
  tags: ['http', 'caching', 'nginx', 'reverse proxy', 'proxy_cache', 'stale-while-revalidate'],
  level: 'intermediate',
  watch:
    'The MISS burst of a cold cache, then EXPIRED/STALE every max-age; the outage absorbed by STALE',
  minutes: 12,
  durationSec: 15,
  params: reverseProxyCacheParams,
  charts: reverseProxyCacheCharts,
  metrics: reverseProxyCacheMetrics,
  lesson: readLesson(import.meta.url),
  topology: reverseProxyCacheTopology,
  run: runReverseProxyCache,
  checks: reverseProxyCacheChecks,
});
