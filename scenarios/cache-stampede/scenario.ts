import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { cacheStampedeChecks } from './checks.ts';
import { cacheStampedeCharts, cacheStampedeMetrics } from './metrics.ts';
import { cacheStampedeParams } from './params.ts';
import { runCacheStampede } from './run.ts';
import { cacheStampedeTopology } from './topology.ts';

export default defineScenario({
  id: 'cache-stampede',
  title: 'Cache stampede: hot keys expiring under many readers',
  summary:
    'A few hot keys expire together while many readers wait; watch every reader hit the slow origin at once, then tame it with a lock, early refresh or stale-while-revalidate.',
  brokers: ['redis'],
  tags: ['redis', 'caching', 'stampede', 'thundering-herd', 'locks', 'ttl'],
  level: 'intermediate',
  params: cacheStampedeParams,
  charts: cacheStampedeCharts,
  metrics: cacheStampedeMetrics,
  lesson: readLesson(import.meta.url),
  topology: cacheStampedeTopology,
  run: runCacheStampede,
  checks: cacheStampedeChecks,
});
