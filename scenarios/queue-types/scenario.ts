import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { queueTypesChecks } from './checks.ts';
import { queueTypesCharts, queueTypesMetrics } from './metrics.ts';
import { queueTypesParams } from './params.ts';
import { runQueueTypes } from './run.ts';
import { queueTypesTopology } from './topology.ts';

export default defineScenario({
  id: 'queue-types',
  title: 'Queue types: classic, quorum and stream',
  summary:
    'The same load into a classic queue, a quorum queue and a stream on one RabbitMQ node: throughput, latency, and a stream consumer replaying from an offset what the first one already read.',
  brokers: ['rabbitmq'],
  tags: ['rabbitmq', 'quorum queues', 'streams', 'classic queues', 'latency', 'replay'],
  level: 'intermediate',
  watch: 'Quorum and stream latency above classic, and a replay reading history at full speed',
  minutes: 12,
  params: queueTypesParams,
  charts: queueTypesCharts,
  metrics: queueTypesMetrics,
  lesson: readLesson(import.meta.url),
  topology: queueTypesTopology,
  run: runQueueTypes,
  checks: queueTypesChecks,
});
