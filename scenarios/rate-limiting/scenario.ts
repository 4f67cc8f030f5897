import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { rateLimitingChecks } from './checks.ts';
import { rateLimitingCharts, rateLimitingMetrics } from './metrics.ts';
import { rateLimitingParams } from './params.ts';
import { runRateLimiting } from './run.ts';
import { rateLimitingTopology } from './topology.ts';

export default defineScenario({
  id: 'rate-limiting',
  title: 'Rate limiting: five algorithms, one request stream',
  summary:
    'The same requests go through fixed window, sliding log, sliding window counter, token bucket and GCRA, each an atomic Lua script in Redis; watch which ones let a burst through at a window edge.',
  brokers: ['redis'],
  tags: ['redis', 'lua', 'rate-limiting', 'token-bucket', 'gcra', 'sliding-window'],
  level: 'intermediate',
  watch: 'Five limiters on one request stream: who lets a burst through at the window edge',
  minutes: 15,
  params: rateLimitingParams,
  charts: rateLimitingCharts,
  metrics: rateLimitingMetrics,
  lesson: readLesson(import.meta.url),
  topology: rateLimitingTopology,
  run: runRateLimiting,
  checks: rateLimitingChecks,
});
