import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { backpressureChecks } from './checks.ts';
import { backpressureCharts, backpressureMetrics } from './metrics.ts';
import { backpressureParams } from './params.ts';
import { runBackpressure } from './run.ts';
import { backpressureTopology } from './topology.ts';

export default defineScenario({
  id: 'backpressure',
  title: 'Back-pressure: when the queue or the broker says no',
  summary:
    'A capped queue under drop-head, reject-publish and reject-publish-dlx, with a publisher faster than its consumer; then a private RabbitMQ node with a low memory watermark blocks the publishing connection until the consumer catches up.',
  brokers: ['rabbitmq'],
  requires: ['rabbitmq-server'],
  tags: [
    'rabbitmq',
    'back-pressure',
    'max-length',
    'dead-lettering',
    'flow control',
    'memory alarm',
  ],
  level: 'intermediate',
  watch:
    'Depth pinned at x-max-length while drops or nacks climb; then the publish rate falls to zero each time the memory alarm blocks the connection',
  minutes: 12,
  params: backpressureParams,
  charts: backpressureCharts,
  metrics: backpressureMetrics,
  lesson: readLesson(import.meta.url),
  topology: backpressureTopology,
  run: runBackpressure,
  checks: backpressureChecks,
});
