// Redis Cluster: keys spread over 16384 slots and three primaries, hash tags that keep a user's
// keys together, a live reshard (MOVED and ASK counted) and a primary failed over to its replica.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { redisClusterChecks } from './checks.ts';
import { redisClusterCharts, redisClusterMetrics } from './metrics.ts';
import { redisClusterParams } from './params.ts';
import { runRedisCluster } from './run.ts';
import { redisClusterTopology } from './topology.ts';

export default defineScenario({
  id: 'redis-cluster',
  title: 'Redis Cluster: slots, redirects and a failover',
  summary:
    'Six nodes share 16384 slots; hash tags keep related keys together, a live reshard sends clients MOVED and ASK, and a killed primary is replaced by its replica.',
  brokers: ['redis'],
  requires: ['redis-server', 'redis-cli'],
  tags: ['redis', 'cluster', 'sharding', 'hash-slots', 'resharding', 'failover', 'faults'],
  level: 'advanced',
  watch:
    'the keys per primary shifting in the reshard, the MOVED and ASK counts, then a replica taking over',
  minutes: 10,
  durationSec: 20,
  params: redisClusterParams,
  charts: redisClusterCharts,
  metrics: redisClusterMetrics,
  lesson: readLesson(import.meta.url),
  topology: redisClusterTopology,
  run: runRedisCluster,
  checks: redisClusterChecks,
});
