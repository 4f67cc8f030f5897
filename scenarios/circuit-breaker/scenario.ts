import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { circuitBreakerChecks } from './checks.ts';
import { circuitBreakerCharts, circuitBreakerMetrics } from './metrics.ts';
import { circuitBreakerParams } from './params.ts';
import { runCircuitBreaker } from './run.ts';
import { circuitBreakerTopology } from './topology.ts';

export default defineScenario({
  id: 'circuit-breaker',
  title: 'Circuit breaker: one slow service, and a gateway that does not go down with it',
  summary:
    'product-service slows down; without protection the gateway fills up with waiting calls and every route slows and fails, even one that never calls it. Timeouts, jittered retries, an opossum breaker and a Redis fallback keep the rest fast.',
  brokers: ['redis', 'rabbitmq', 'kafka'],
  tags: [
    'shop',
    'microservices',
    'resilience',
    'circuit-breaker',
    'timeouts',
    'retries',
    'fallback',
  ],
  level: 'intermediate',
  watch:
    'The user route’s latency climb with the product route’s, then drop back when protection comes on while the breaker opens and half-opens',
  minutes: 15,
  durationSec: 30,
  params: circuitBreakerParams,
  charts: circuitBreakerCharts,
  metrics: circuitBreakerMetrics,
  lesson: readLesson(import.meta.url),
  topology: circuitBreakerTopology,
  run: runCircuitBreaker,
  checks: circuitBreakerChecks,
});
