import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { routingChecks } from './checks.ts';
import { routingCharts, routingMetrics } from './metrics.ts';
import { routingParams } from './params.ts';
import { runRouting } from './run.ts';
import { routingTopology } from './topology.ts';

export default defineScenario({
  id: 'routing',
  title: 'Routing: direct, topic and headers exchanges',
  summary:
    'One stream of events routed by binding rules (exact keys, * and # wildcards, headers); what matches nothing is returned, caught by an alternate exchange or dropped.',
  brokers: ['rabbitmq'],
  tags: [
    'rabbitmq',
    'routing',
    'topic exchange',
    'headers exchange',
    'alternate exchange',
    'mandatory',
  ],
  level: 'beginner',
  watch: 'Each queue fill with exactly what its bindings match, and the unmatched come back',
  minutes: 12,
  params: routingParams,
  charts: routingCharts,
  metrics: routingMetrics,
  lesson: readLesson(import.meta.url),
  topology: routingTopology,
  run: runRouting,
  checks: routingChecks,
});
