import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { rebalancingChecks } from './checks.ts';
import { rebalancingCharts, rebalancingMetrics } from './metrics.ts';
import { rebalancingParams } from './params.ts';
import { runRebalancing } from './run.ts';
import { rebalancingTopology } from './topology.ts';

export default defineScenario({
  id: 'rebalancing',
  title: 'Rebalancing: eager stop-the-world against the new consumer group protocol',
  summary:
    'Members join, leave and crash while a Kafka group consumes: the classic eager protocol stops every member at each rebalance; the new protocol (KIP-848) moves only the partitions that must move.',
  brokers: ['kafka'],
  tags: ['kafka', 'consumer groups', 'rebalancing', 'KIP-848', 'partitions', 'failure'],
  level: 'advanced',
  watch:
    'Every member’s consumption drop at an eager rebalance, and only one line move under the new protocol',
  minutes: 15,
  params: rebalancingParams,
  charts: rebalancingCharts,
  metrics: rebalancingMetrics,
  lesson: readLesson(import.meta.url),
  topology: rebalancingTopology,
  run: runRebalancing,
  checks: rebalancingChecks,
});
