// Access control: ACL users on a private Redis. The app may touch only its own prefix with a
// few commands, the default user is off; what falls outside is refused and lands in ACL LOG.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { accessControlChecks } from './checks.ts';
import { accessControlCharts, accessControlMetrics } from './metrics.ts';
import { accessControlParams } from './params.ts';
import { runAccessControl } from './run.ts';
import { accessControlTopology } from './topology.ts';

export default defineScenario({
  id: 'access-control',
  title: 'Access control: ACL users and what Redis refuses',
  summary:
    'A private Redis with ACL users: an app limited to its key prefix and a few commands, the default user off; a misbehaving app and an intruder are refused, and every refusal shows in ACL LOG.',
  brokers: ['redis'],
  requires: ['redis-server'],
  tags: ['redis', 'security', 'acl', 'least-privilege', 'multi-tenant'],
  level: 'intermediate',
  watch: 'Refusals by reason as the app strays and an intruder knocks, and ACL LOG keeping count',
  minutes: 10,
  params: accessControlParams,
  charts: accessControlCharts,
  metrics: accessControlMetrics,
  lesson: readLesson(import.meta.url),
  topology: accessControlTopology,
  run: runAccessControl,
  checks: accessControlChecks,
});
