import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { retentionChecks } from './checks.ts';
import { retentionCharts, retentionMetrics } from './metrics.ts';
import { retentionParams } from './params.ts';
import { runRetention } from './run.ts';
import { retentionTopology } from './topology.ts';

export default defineScenario({
  id: 'retention',
  title: 'Retention: the log forgets, a slow consumer skips',
  summary:
    'A Kafka topic with tiny segments and a short retention.ms deletes whole old segments every second; a consumer slower than the producer falls behind the log start, and auto.offset.reset decides what it skips.',
  brokers: ['kafka'],
  tags: ['kafka', 'retention', 'segments', 'offsets', 'auto.offset.reset'],
  level: 'intermediate',
  watch: 'The log start chase the consumer’s position, then the consumer jump forward',
  minutes: 10,
  params: retentionParams,
  charts: retentionCharts,
  metrics: retentionMetrics,
  lesson: readLesson(import.meta.url),
  topology: retentionTopology,
  run: runRetention,
  checks: retentionChecks,
});
