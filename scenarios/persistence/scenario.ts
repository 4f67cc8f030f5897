// Persistence: a private Redis killed with SIGKILL mid-run and restarted; a fresh read tells
// which acknowledged writes its AOF or snapshot kept.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { persistenceChecks } from './checks.ts';
import { persistenceCharts, persistenceMetrics } from './metrics.ts';
import { persistenceParams } from './params.ts';
import { runPersistence } from './run.ts';
import { persistenceTopology } from './topology.ts';

export default defineScenario({
  id: 'persistence',
  title: 'Persistence: what survives a kill -9',
  summary:
    'Numbered writes to a private Redis that is killed with SIGKILL and restarted: appendfsync always keeps every acknowledged write, snapshots lose what came after the last one.',
  brokers: ['redis'],
  requires: ['redis-server'],
  tags: ['redis', 'persistence', 'aof', 'rdb', 'fsync', 'durability'],
  level: 'intermediate',
  params: persistenceParams,
  charts: persistenceCharts,
  metrics: persistenceMetrics,
  lesson: readLesson(import.meta.url),
  topology: persistenceTopology,
  run: runPersistence,
  checks: persistenceChecks,
});
