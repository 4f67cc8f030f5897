// Kafka replication: a three-node cluster of the run's own, the leader of every partition
// killed mid-run, and acks=1 beside acks=all, counted by a full read of each topic.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { kafkaReplicationChecks } from './checks.ts';
import { kafkaReplicationCharts, kafkaReplicationMetrics } from './metrics.ts';
import { kafkaReplicationParams } from './params.ts';
import { runKafkaReplication } from './run.ts';
import { kafkaReplicationTopology } from './topology.ts';

export default defineScenario({
  id: 'kafka-replication',
  title: 'Kafka replication: acks=1 against acks=all when the leader dies',
  summary:
    'Two producers, acks=1 and acks=all, write to RF-3 topics on a three-node cluster; the leader is killed, a follower from the ISR takes over, and a full read counts what each acknowledged and lost.',
  brokers: ['kafka'],
  requires: ['java'],
  tags: ['kafka', 'replication', 'isr', 'acks', 'leader-election', 'failover', 'durability'],
  level: 'advanced',
  watch: 'the ISR drop to 2 at the kill, new leaders seconds later, and what acks=1 lost',
  minutes: 10,
  durationSec: 40,
  params: kafkaReplicationParams,
  charts: kafkaReplicationCharts,
  metrics: kafkaReplicationMetrics,
  lesson: readLesson(import.meta.url),
  topology: kafkaReplicationTopology,
  run: runKafkaReplication,
  checks: kafkaReplicationChecks,
});
