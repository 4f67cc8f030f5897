import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { compactionChecks } from './checks.ts';
import { compactionCharts, compactionMetrics } from './metrics.ts';
import { compactionParams } from './params.ts';
import { runCompaction } from './run.ts';
import { compactionTopology } from './topology.ts';

export default defineScenario({
  id: 'compaction',
  title: 'Log compaction: the latest value per key, and tombstones',
  summary:
    'A compacted Kafka topic keeps only the latest record per key: thousands of updates to a few keys shrink to one record each, and deletes (tombstones) vanish after delete.retention.ms.',
  brokers: ['kafka'],
  tags: ['kafka', 'compaction', 'tombstones', 'log cleaner', 'changelog'],
  level: 'intermediate',
  watch: 'Thousands written, a full read holding about one record per key',
  minutes: 10,
  params: compactionParams,
  charts: compactionCharts,
  metrics: compactionMetrics,
  lesson: readLesson(import.meta.url),
  topology: compactionTopology,
  run: runCompaction,
  checks: compactionChecks,
});
