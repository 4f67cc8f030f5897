import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { acksChecks } from './checks.ts';
import { acksCharts, acksMetrics } from './metrics.ts';
import { acksParams } from './params.ts';
import { runAcks } from './run.ts';
import { acksTopology } from './topology.ts';

export default defineScenario({
  id: 'acks-redelivery',
  title: 'Acks and redelivery: what a crash costs',
  summary:
    'Consumers crash on a schedule with messages in hand: under manual ack RabbitMQ requeues and redelivers them, under auto ack they are gone.',
  brokers: ['rabbitmq'],
  tags: ['rabbitmq', 'acknowledgements', 'redelivery', 'at-least-once', 'prefetch', 'crash'],
  level: 'beginner',
  watch:
    'Each crash send its unacked messages back as redeliveries under manual ack, and lose them under auto ack',
  minutes: 10,
  params: acksParams,
  charts: acksCharts,
  metrics: acksMetrics,
  lesson: readLesson(import.meta.url),
  topology: acksTopology,
  run: runAcks,
  checks: acksChecks,
});
