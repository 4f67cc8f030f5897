import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { serviceDiscoveryChecks } from './checks.ts';
import { serviceDiscoveryCharts, serviceDiscoveryMetrics } from './metrics.ts';
import { serviceDiscoveryParams } from './params.ts';
import { runServiceDiscovery } from './run.ts';
import { serviceDiscoveryTopology } from './topology.ts';

export default defineScenario({
  id: 'service-discovery',
  title: 'Service discovery: a registry of keys that expire',
  summary:
    'product-service instances register in Redis with heartbeat keys that expire; the gateway round-robins over the live ones. Scale them up and down live, and watch a SIGKILLed instance cost errors until its key’s TTL runs out.',
  brokers: ['redis', 'rabbitmq', 'kafka'],
  tags: ['microservices', 'service discovery', 'registry', 'heartbeat', 'TTL', 'redis', 'shop'],
  level: 'intermediate',
  watch: 'A killed instance keeps getting one request in N until its registry key expires',
  minutes: 12,
  durationSec: 14,
  params: serviceDiscoveryParams,
  charts: serviceDiscoveryCharts,
  metrics: serviceDiscoveryMetrics,
  lesson: readLesson(import.meta.url),
  topology: serviceDiscoveryTopology,
  run: runServiceDiscovery,
  checks: serviceDiscoveryChecks,
});
