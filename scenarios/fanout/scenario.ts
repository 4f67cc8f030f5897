import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { fanoutChecks } from './checks.ts';
import { fanoutCharts, fanoutMetrics } from './metrics.ts';
import { fanoutParams } from './params.ts';
import { runFanout } from './run.ts';
import { fanoutTopology } from './topology.ts';

export default defineScenario({
  id: 'fanout',
  title: 'Fanout: one message, every queue',
  summary:
    'A RabbitMQ fanout exchange copies each published message into one queue per subscriber; a slow subscriber backs up its own queue and no one else’s.',
  brokers: ['rabbitmq'],
  tags: ['rabbitmq', 'fanout', 'pub/sub', 'publisher confirms', 'backpressure', 'prefetch'],
  level: 'beginner',
  watch: "Every queue gets every message, and a slow queue's backlog grow while the others keep up",
  minutes: 10,
  params: fanoutParams,
  charts: fanoutCharts,
  metrics: fanoutMetrics,
  lesson: readLesson(import.meta.url),
  topology: fanoutTopology,
  run: runFanout,
  checks: fanoutChecks,
});
