import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { logAndMetricsChecks } from './checks.ts';
import { logAndMetricsCharts, logAndMetricsMetrics } from './metrics.ts';
import { logAndMetricsParams } from './params.ts';
import { runLogAndMetrics } from './run.ts';
import { logAndMetricsTopology } from './topology.ts';

export default defineScenario({
  id: 'log-and-metrics',
  title: 'Logs and metrics through Kafka: one pipeline for every service',
  summary:
    'Every shop service ships a record per request and its error logs to one Kafka topic; an aggregator computes per-service error rates and latency from that stream alone, drawn next to each service’s own Prometheus /metrics, and the two agree to the request.',
  brokers: ['redis', 'rabbitmq', 'kafka'],
  tags: ['microservices', 'observability', 'logging', 'metrics', 'prometheus', 'kafka'],
  level: 'intermediate',
  watch:
    'A failing product-service’s error rate rise in the log stream and in its /metrics together, and the gateway’s follow it',
  minutes: 10,
  durationSec: 16,
  params: logAndMetricsParams,
  charts: logAndMetricsCharts,
  metrics: logAndMetricsMetrics,
  lesson: readLesson(import.meta.url),
  topology: logAndMetricsTopology,
  run: runLogAndMetrics,
  checks: logAndMetricsChecks,
});
