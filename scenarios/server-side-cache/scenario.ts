import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { serverSideCacheChecks } from './checks.ts';
import { serverSideCacheCharts, serverSideCacheMetrics } from './metrics.ts';
import { serverSideCacheParams } from './params.ts';
import { runServerSideCache } from './run.ts';
import { serverSideCacheTopology } from './topology.ts';

export default defineScenario({
  id: 'server-side-cache',
  title: 'Server-side caching: whole responses, query results or objects',
  summary:
    'Four copies of one HTTP API get the same traffic: no cache, a response cache, a query-result cache and an object cache in Redis, each with invalidation on writes; compare what reaches each one’s database and which serve stale pages.',
  brokers: ['redis'],
  tags: ['redis', 'caching', 'http', 'invalidation', 'sqlite', 'response cache', 'query cache'],
  level: 'intermediate',
  watch:
    'The database load of the four side by side, and stale pages only where invalidation cannot reach',
  minutes: 12,
  durationSec: 20,
  params: serverSideCacheParams,
  charts: serverSideCacheCharts,
  metrics: serverSideCacheMetrics,
  lesson: readLesson(import.meta.url),
  topology: serverSideCacheTopology,
  run: runServerSideCache,
  checks: serverSideCacheChecks,
});
