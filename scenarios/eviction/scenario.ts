// Eviction: a private Redis smaller than its working set, under zipf cache-aside reads. The
// policy decides which keys stay, and so the hit ratio; noeviction refuses writes instead.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { evictionChecks } from './checks.ts';
import { evictionCharts, evictionMetrics } from './metrics.ts';
import { evictionParams } from './params.ts';
import { runEviction } from './run.ts';
import { evictionTopology } from './topology.ts';

export default defineScenario({
  id: 'eviction',
  title: 'Eviction: what Redis drops when memory is full',
  summary:
    'A private Redis with a few MB of maxmemory and a working set many times larger: compare LRU, LFU, volatile-ttl and random eviction by hit ratio, and watch noeviction refuse writes.',
  brokers: ['redis'],
  requires: ['redis-server'],
  tags: ['redis', 'caching', 'eviction', 'maxmemory', 'lru', 'lfu', 'zipf'],
  level: 'intermediate',
  params: evictionParams,
  charts: evictionCharts,
  metrics: evictionMetrics,
  lesson: readLesson(import.meta.url),
  topology: evictionTopology,
  run: runEviction,
  checks: evictionChecks,
});
