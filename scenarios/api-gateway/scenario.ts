import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { apiGatewayChecks } from './checks.ts';
import { apiGatewayCharts, apiGatewayMetrics } from './metrics.ts';
import { apiGatewayParams } from './params.ts';
import { runApiGateway } from './run.ts';
import { apiGatewayTopology } from './topology.ts';

export default defineScenario({
  id: 'api-gateway',
  title: 'API gateway: auth at the edge, a rate limit per user, one answer from two services',
  summary:
    'Six small services in their own processes: the gateway checks each JWT and session, refuses a user over their rate with 429 (a token bucket in Redis), and answers a profile from user-service and product-service at once; an order travels on through RabbitMQ and Kafka.',
  brokers: ['redis', 'rabbitmq', 'kafka'],
  tags: ['microservices', 'api gateway', 'jwt', 'rate limiting', 'tracing', 'opentelemetry'],
  level: 'intermediate',
  watch:
    '401s and 429s stopped at the edge, latency per route, and one order followed across HTTP, RabbitMQ and Kafka',
  minutes: 15,
  durationSec: 30,
  params: apiGatewayParams,
  charts: apiGatewayCharts,
  metrics: apiGatewayMetrics,
  lesson: readLesson(import.meta.url),
  topology: apiGatewayTopology,
  run: runApiGateway,
  checks: apiGatewayChecks,
});
