import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { consumerGroupLagChecks } from './checks.ts';
import { consumerGroupLagCharts, consumerGroupLagMetrics } from './metrics.ts';
import { consumerGroupLagParams } from './params.ts';
import { runConsumerGroupLag } from './run.ts';
import { consumerGroupLagTopology } from './topology.ts';

export default defineScenario({
  id: 'consumer-group-lag',
  title: 'Consumer-group lag: add a consumer, watch the lag drain',
  summary:
    'A Kafka consumer group splits a topic’s partitions among its members; when they process slower than the producer writes, lag — log end minus committed offset — grows, and members beyond the partition count sit idle.',
  brokers: ['kafka'],
  tags: ['kafka', 'consumer groups', 'lag', 'rebalancing', 'partitions', 'scaling'],
  level: 'intermediate',
  watch: 'Lag climb with one consumer, then drain as members join and partitions rebalance',
  minutes: 15,
  params: consumerGroupLagParams,
  charts: consumerGroupLagCharts,
  metrics: consumerGroupLagMetrics,
  lesson: readLesson(import.meta.url),
  topology: consumerGroupLagTopology,
  run: runConsumerGroupLag,
  checks: consumerGroupLagChecks,
});
