import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { vhostsPermissionsChecks } from './checks.ts';
import { vhostsPermissionsCharts, vhostsPermissionsMetrics } from './metrics.ts';
import { vhostsPermissionsParams } from './params.ts';
import { runVhostsPermissions } from './run.ts';
import { vhostsPermissionsTopology } from './topology.ts';

export default defineScenario({
  id: 'vhosts-permissions',
  title: 'Vhosts and permissions: tenants on one broker',
  summary:
    'Two tenants in vhosts of their own on a private RabbitMQ node, users with configure, write and read patterns; every operation outside a user’s rights is refused, exactly as the listed permissions predict.',
  brokers: ['rabbitmq'],
  requires: ['rabbitmq-server'],
  tags: ['rabbitmq', 'security', 'multi-tenancy', 'vhosts', 'permissions'],
  level: 'beginner',
  watch: 'Each user allowed inside its patterns and refused outside them, operation by operation',
  minutes: 8,
  params: vhostsPermissionsParams,
  charts: vhostsPermissionsCharts,
  metrics: vhostsPermissionsMetrics,
  lesson: readLesson(import.meta.url),
  topology: vhostsPermissionsTopology,
  run: runVhostsPermissions,
  checks: vhostsPermissionsChecks,
});
