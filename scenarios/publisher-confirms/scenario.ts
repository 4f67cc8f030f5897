import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { publisherConfirmsChecks } from './checks.ts';
import { publisherConfirmsCharts, publisherConfirmsMetrics } from './metrics.ts';
import { publisherConfirmsParams } from './params.ts';
import { runPublisherConfirms } from './run.ts';
import { publisherConfirmsTopology } from './topology.ts';

export default defineScenario({
  id: 'publisher-confirms',
  title: 'Publisher confirms: what the broker promised',
  summary:
    'Fire-and-forget, a confirm per message, batched and streaming confirms compared for throughput and confirm latency; then a private RabbitMQ node killed with SIGKILL mid-stream shows which confirmed messages survive.',
  brokers: ['rabbitmq'],
  requires: ['rabbitmq-server'],
  tags: ['rabbitmq', 'publisher confirms', 'durability', 'crash', 'throughput'],
  level: 'intermediate',
  watch:
    'Confirm-each crawl while streaming confirms keep up; after the kill every confirmed persistent message is back, no transient one',
  minutes: 12,
  params: publisherConfirmsParams,
  charts: publisherConfirmsCharts,
  metrics: publisherConfirmsMetrics,
  lesson: readLesson(import.meta.url),
  topology: publisherConfirmsTopology,
  run: runPublisherConfirms,
  checks: publisherConfirmsChecks,
});
