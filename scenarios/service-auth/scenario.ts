import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { serviceAuthChecks } from './checks.ts';
import { serviceAuthCharts, serviceAuthMetrics } from './metrics.ts';
import { serviceAuthParams } from './params.ts';
import { runServiceAuth } from './run.ts';
import { serviceAuthTopology } from './topology.ts';

export default defineScenario({
  id: 'service-auth',
  title: 'Service-to-service auth: short-lived tokens and key rotation',
  summary:
    'The gateway calls user-service with short-lived JWTs signed by auth-service, whose signing key rotates live; an attacker sends forged, expired and wrong-audience tokens. user-service verifies each against the JWKS and refuses exactly the bad ones.',
  brokers: ['redis', 'rabbitmq'],
  tags: ['microservices', 'jwt', 'jwks', 'key rotation', 'jose', 'zero trust', 'shop'],
  level: 'intermediate',
  watch:
    'Keys rotate every 2 s, legitimate calls never notice, every bad token is refused for its own reason',
  minutes: 12,
  durationSec: 12,
  params: serviceAuthParams,
  charts: serviceAuthCharts,
  metrics: serviceAuthMetrics,
  lesson: readLesson(import.meta.url),
  topology: serviceAuthTopology,
  run: runServiceAuth,
  checks: serviceAuthChecks,
});
