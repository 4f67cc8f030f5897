import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { cacheAsideChecks } from './checks.ts';
import { cacheAsideCharts, cacheAsideMetrics } from './metrics.ts';
import { cacheAsideParams } from './params.ts';
import { runCacheAside } from './run.ts';
import { cacheAsideTopology } from './topology.ts';

export default defineScenario({
  id: 'cache-aside',
  title: 'Cache-aside: Redis in front of a slow database',
  summary:
    'Reads try Redis first and fill it from a SQLite origin on a miss; watch the hit ratio climb, TTLs expire in waves, and stale reads appear when writes leave the cache alone.',
  brokers: ['redis'],
  tags: ['redis', 'caching', 'cache-aside', 'ttl', 'invalidation', 'zipf'],
  level: 'beginner',
  watch: 'The hit ratio climb as the cache warms, and the database load fall; a TTL wave of misses',
  minutes: 10,
  params: cacheAsideParams,
  charts: cacheAsideCharts,
  metrics: cacheAsideMetrics,
  lesson: readLesson(import.meta.url),
  topology: cacheAsideTopology,
  run: runCacheAside,
  checks: cacheAsideChecks,
});
