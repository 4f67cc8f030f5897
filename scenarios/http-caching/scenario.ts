import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { httpCachingChecks } from './checks.ts';
import { httpCachingCharts, httpCachingMetrics } from './metrics.ts';
import { httpCachingParams } from './params.ts';
import { runHttpCaching } from './run.ts';
import { httpCachingTopology } from './topology.ts';

export default defineScenario({
  id: 'http-caching',
  title: 'HTTP caching: Cache-Control, validators and your own browser',
  summary:
    'Clients with browser-like caches fetch resources whose Cache-Control and validators differ; count what each cache answers itself, what it revalidates (304) and what it fetches in full, and watch your own browser do the same.',
  brokers: [],
  tags: ['http', 'caching', 'cache-control', 'etag', 'stale-while-revalidate', 'undici'],
  level: 'beginner',
  watch:
    'Answers from cache, 304s and full 200s per policy; the origin counting exactly the requests that left a cache',
  minutes: 12,
  durationSec: 60,
  params: httpCachingParams,
  charts: httpCachingCharts,
  metrics: httpCachingMetrics,
  lesson: readLesson(import.meta.url),
  topology: httpCachingTopology,
  run: runHttpCaching,
  checks: httpCachingChecks,
});
