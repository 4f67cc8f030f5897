import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { logAggregationChecks } from './checks.ts';
import { logAggregationCharts, logAggregationMetrics } from './metrics.ts';
import { logAggregationParams } from './params.ts';
import { runLogAggregation } from './run.ts';
import { logAggregationTopology } from './topology.ts';

export default defineScenario({
  id: 'log-aggregation',
  title: 'Log aggregation: tumbling windows over one topic, and late events',
  summary:
    'Several services write structured logs and metrics to one Kafka topic; a stream-processing consumer counts them per service and level in tumbling event-time windows, with a watermark, a grace period and a policy for events that arrive after their window closed.',
  brokers: ['kafka'],
  tags: ['kafka', 'stream processing', 'windowing', 'late events', 'watermark', 'observability'],
  level: 'intermediate',
  watch:
    'A failing service’s error count jump per window, and late events correcting windows already sent',
  minutes: 12,
  params: logAggregationParams,
  charts: logAggregationCharts,
  metrics: logAggregationMetrics,
  lesson: readLesson(import.meta.url),
  topology: logAggregationTopology,
  run: runLogAggregation,
  checks: logAggregationChecks,
});
