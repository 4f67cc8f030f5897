// Redis failover: writers through Sentinel while the primary is killed; a replica is promoted,
// and a fresh read of it says which acknowledged writes were lost, async against WAIT 1.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { redisFailoverChecks } from './checks.ts';
import { redisFailoverCharts, redisFailoverMetrics } from './metrics.ts';
import { redisFailoverParams } from './params.ts';
import { runRedisFailover } from './run.ts';
import { redisFailoverTopology } from './topology.ts';

export default defineScenario({
  id: 'redis-failover',
  title: 'Redis failover: what Sentinel promotes, and what is lost',
  summary:
    'A primary, two replicas and three Sentinels; the primary is killed and a replica promoted: asynchronously replicated writes that were acknowledged are lost, WAIT 1 keeps them.',
  brokers: ['redis'],
  requires: ['redis-server'],
  tags: ['redis', 'sentinel', 'replication', 'failover', 'high-availability', 'faults'],
  level: 'advanced',
  watch: 'the write gap at the kill, then the lost counts: async against WAIT 1',
  minutes: 10,
  durationSec: 15,
  params: redisFailoverParams,
  charts: redisFailoverCharts,
  metrics: redisFailoverMetrics,
  lesson: readLesson(import.meta.url),
  topology: redisFailoverTopology,
  run: runRedisFailover,
  checks: redisFailoverChecks,
});
