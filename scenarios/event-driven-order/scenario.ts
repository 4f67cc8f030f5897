import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { eventDrivenOrderChecks } from './checks.ts';
import { eventDrivenOrderCharts, eventDrivenOrderMetrics } from './metrics.ts';
import { eventDrivenOrderParams } from './params.ts';
import { runEventDrivenOrder } from './run.ts';
import { eventDrivenOrderTopology } from './topology.ts';

export default defineScenario({
  id: 'event-driven-order',
  title: 'Event-driven orders: dual-write loses events, the outbox does not',
  summary:
    'Shoppers order through the gateway; product-service writes each order to Redis and announces it to notification-service (RabbitMQ) and analytics-service (Kafka), and sometimes crashes in between. Dual-write loses those events; a transactional outbox with a relay loses none.',
  brokers: ['redis', 'rabbitmq', 'kafka'],
  tags: ['microservices', 'outbox', 'dual-write', 'at-least-once', 'idempotency', 'crash'],
  level: 'advanced',
  watch:
    'The orders line pull away from the notified line at every crash under dual-write, then stay with it under outbox',
  minutes: 15,
  durationSec: 26,
  params: eventDrivenOrderParams,
  charts: eventDrivenOrderCharts,
  metrics: eventDrivenOrderMetrics,
  lesson: readLesson(import.meta.url),
  topology: eventDrivenOrderTopology,
  run: runEventDrivenOrder,
  checks: eventDrivenOrderChecks,
});
