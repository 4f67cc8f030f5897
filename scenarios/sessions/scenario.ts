import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { sessionsChecks } from './checks.ts';
import { sessionsCharts, sessionsMetrics } from './metrics.ts';
import { sessionsParams } from './params.ts';
import { runSessions } from './run.ts';
import { sessionsTopology } from './topology.ts';

export default defineScenario({
  id: 'sessions',
  title: 'Sessions: one store for stateless app instances',
  summary:
    'Users log in, browse across several app instances and leave; their sessions live in Redis hashes with a sliding TTL, so any instance can serve them and idle ones vanish by themselves.',
  brokers: ['redis'],
  tags: ['redis', 'sessions', 'ttl', 'stateless', 'hashes', 'lua'],
  level: 'beginner',
  params: sessionsParams,
  charts: sessionsCharts,
  metrics: sessionsMetrics,
  lesson: readLesson(import.meta.url),
  topology: sessionsTopology,
  run: runSessions,
  checks: sessionsChecks,
});
