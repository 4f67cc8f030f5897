import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { networkFaultsChecks } from './checks.ts';
import { networkFaultsCharts, networkFaultsMetrics } from './metrics.ts';
import { networkFaultsParams } from './params.ts';
import { runNetworkFaults } from './run.ts';
import { networkFaultsTopology } from './topology.ts';

export default defineScenario({
  id: 'network-faults',
  title: 'Network faults: latency, resets and the retries that duplicate',
  summary:
    'A closed-loop workload talks to Redis, RabbitMQ or Kafka through a fault proxy; a toxic on the link raises tail latency and cuts throughput as Little’s law says, and a reset connection makes a non-idempotent Kafka producer write records twice while an idempotent one does not.',
  brokers: ['redis', 'rabbitmq', 'kafka'],
  tags: ['faults', 'latency', 'toxiproxy', 'retries', 'idempotence', "little's law"],
  level: 'intermediate',
  watch:
    'p99 jumping by the toxic’s latency, throughput falling with it, and duplicates after a reset',
  minutes: 15,
  durationSec: 15,
  params: networkFaultsParams,
  charts: networkFaultsCharts,
  metrics: networkFaultsMetrics,
  lesson: readLesson(import.meta.url),
  topology: networkFaultsTopology,
  run: runNetworkFaults,
  checks: networkFaultsChecks,
});
