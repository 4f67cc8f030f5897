import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { rabbitmqQuorumChecks } from './checks.ts';
import { rabbitmqQuorumCharts, rabbitmqQuorumMetrics } from './metrics.ts';
import { rabbitmqQuorumParams } from './params.ts';
import { runRabbitmqQuorum } from './run.ts';
import { rabbitmqQuorumTopology } from './topology.ts';

export default defineScenario({
  id: 'rabbitmq-quorum',
  title: 'Quorum against classic queues: a node dies',
  summary:
    'A three-node RabbitMQ cluster of the run’s own; a quorum queue and a classic queue side by side, both on node 1; node 1 is killed mid-stream; confirmed ids against a full drain show which queue kept its promises.',
  brokers: ['rabbitmq'],
  requires: ['rabbitmq-server'],
  tags: ['rabbitmq', 'cluster', 'quorum queues', 'replication', 'failover', 'faults'],
  level: 'advanced',
  watch:
    'After the kill the quorum publisher is back within a second or two and loses nothing; the classic queue is gone with its node, and what was confirmed into it meanwhile vanishes',
  minutes: 15,
  durationSec: 45,
  params: rabbitmqQuorumParams,
  charts: rabbitmqQuorumCharts,
  metrics: rabbitmqQuorumMetrics,
  lesson: readLesson(import.meta.url),
  topology: rabbitmqQuorumTopology,
  run: runRabbitmqQuorum,
  checks: rabbitmqQuorumChecks,
});
