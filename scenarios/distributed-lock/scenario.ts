import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { distributedLockChecks } from './checks.ts';
import { distributedLockCharts, distributedLockMetrics } from './metrics.ts';
import { distributedLockParams } from './params.ts';
import { runDistributedLock } from './run.ts';
import { distributedLockTopology } from './topology.ts';

export default defineScenario({
  id: 'distributed-lock',
  title: 'Distributed lock: a TTL, a stalled holder and fencing tokens',
  summary:
    'Clients take turns on a Redis lock (SET NX PX) guarding a storage; a holder stalls past the TTL, two clients hold it at once, and only fencing tokens keep the late write from corrupting the storage.',
  brokers: ['redis'],
  tags: ['redis', 'distributed-lock', 'fencing-token', 'set-nx', 'ttl', 'lua'],
  level: 'advanced',
  params: distributedLockParams,
  charts: distributedLockCharts,
  metrics: distributedLockMetrics,
  lesson: readLesson(import.meta.url),
  topology: distributedLockTopology,
  run: runDistributedLock,
  checks: distributedLockChecks,
});
