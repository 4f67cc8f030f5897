import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { nearCacheChecks } from './checks.ts';
import { nearCacheCharts, nearCacheMetrics } from './metrics.ts';
import { nearCacheParams } from './params.ts';
import { runNearCache } from './run.ts';
import { nearCacheTopology } from './topology.ts';

export default defineScenario({
  id: 'near-cache',
  title: 'Near cache: an in-process LRU per instance, kept coherent by Redis',
  summary:
    'Several app instances each keep an LRU in front of Redis; Redis client-side caching (or pub/sub) tells the others when one writes. Measure how long an instance serves the old value, and turn invalidation off to watch them drift apart.',
  brokers: ['redis'],
  tags: [
    'redis',
    'caching',
    'near cache',
    'client-side caching',
    'CLIENT TRACKING',
    'pub/sub',
    'lru',
  ],
  level: 'advanced',
  watch:
    'L1 answering most reads; the staleness window after each write, and what happens without invalidation',
  minutes: 12,
  durationSec: 20,
  params: nearCacheParams,
  charts: nearCacheCharts,
  metrics: nearCacheMetrics,
  lesson: readLesson(import.meta.url),
  topology: nearCacheTopology,
  run: runNearCache,
  checks: nearCacheChecks,
});
