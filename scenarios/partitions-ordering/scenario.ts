import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { partitionsOrderingChecks } from './checks.ts';
import { partitionsOrderingCharts, partitionsOrderingMetrics } from './metrics.ts';
import { partitionsOrderingParams } from './params.ts';
import { runPartitionsOrdering } from './run.ts';
import { partitionsOrderingTopology } from './topology.ts';

export default defineScenario({
  id: 'partitions-ordering',
  title: 'Partitions and ordering: keys, murmur2 and the hot key',
  summary:
    'Kafka keeps order only within a partition: keyed records stay in order per key because each key always lands on the partition murmur2(key) picks; without a key they are spread round-robin and per-key order is lost; a hot key overloads one partition and its member.',
  brokers: ['kafka'],
  tags: ['kafka', 'partitions', 'ordering', 'keys', 'murmur2', 'hot partition'],
  level: 'beginner',
  watch: 'Per-key order held with keys and broken without; a hot key piling onto one partition',
  minutes: 10,
  params: partitionsOrderingParams,
  charts: partitionsOrderingCharts,
  metrics: partitionsOrderingMetrics,
  lesson: readLesson(import.meta.url),
  topology: partitionsOrderingTopology,
  run: runPartitionsOrdering,
  checks: partitionsOrderingChecks,
});
