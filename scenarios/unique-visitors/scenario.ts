import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { uniqueVisitorsChecks } from './checks.ts';
import { uniqueVisitorsCharts, uniqueVisitorsMetrics } from './metrics.ts';
import { uniqueVisitorsParams } from './params.ts';
import { runUniqueVisitors } from './run.ts';
import { uniqueVisitorsTopology } from './topology.ts';

export default defineScenario({
  id: 'unique-visitors',
  title: 'Unique visitors: a set, a HyperLogLog and a bitmap',
  summary:
    'The same stream of visitors counted exactly with a set, estimated with a HyperLogLog and marked in a bitmap; watch the set grow with every visitor while the HyperLogLog stays at 12 KB within about 1%.',
  brokers: ['redis'],
  tags: ['redis', 'hyperloglog', 'bitmap', 'sets', 'counting', 'memory'],
  level: 'beginner',
  params: uniqueVisitorsParams,
  charts: uniqueVisitorsCharts,
  metrics: uniqueVisitorsMetrics,
  lesson: readLesson(import.meta.url),
  topology: uniqueVisitorsTopology,
  run: runUniqueVisitors,
  checks: uniqueVisitorsChecks,
});
