import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { leaderboardChecks } from './checks.ts';
import { leaderboardCharts, leaderboardMetrics } from './metrics.ts';
import { leaderboardParams } from './params.ts';
import { runLeaderboard } from './run.ts';
import { leaderboardTopology } from './topology.ts';

export default defineScenario({
  id: 'leaderboard',
  title: 'Leaderboard: a sorted set against a SQL table',
  summary:
    'Score events flow into a Redis sorted set and a SQLite table side by side; as players pour in, watch top N and rank stay flat in Redis while SQL’s grow.',
  brokers: ['redis'],
  tags: ['redis', 'sorted-sets', 'leaderboard', 'ranking', 'sqlite'],
  level: 'beginner',
  params: leaderboardParams,
  charts: leaderboardCharts,
  metrics: leaderboardMetrics,
  lesson: readLesson(import.meta.url),
  topology: leaderboardTopology,
  run: runLeaderboard,
  checks: leaderboardChecks,
});
