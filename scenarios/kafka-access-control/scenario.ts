// Kafka's SASL/SCRAM logins and ACLs on a private broker (id `kafka-access-control`: the Redis
// pack's `access-control` came first). Its checks hold the clients' refusals against the
// authorizer's and the server's own log lines.
import { defineScenario, readLesson } from '../src/sdk/index.ts';
import { accessControlChecks } from './checks.ts';
import { accessControlParams } from './params.ts';
import { runAccessControl } from './run.ts';

export default defineScenario({
  id: 'kafka-access-control',
  title: 'Kafka access control',
  summary:
    'A private Kafka with SASL/SCRAM logins and the StandardAuthorizer: alice may write orders, bob may read them and is refused payroll, a guessed password is refused at login',
  brokers: ['kafka'],
  requires: ['java'],
  tags: ['security', 'acl', 'sasl'],
  level: 'intermediate',
  watch: "Each refusal the clients see and the broker's own DENIED log line, counted side by side",
  minutes: 8,
  params: accessControlParams,
  charts: [
    { id: 'allowed', title: 'Allowed', unit: 'records/s', show: 'rate' },
    { id: 'refused', title: 'Refused: clients and broker logs', unit: 'refusals', show: 'total' },
  ],
  metrics: [
    {
      key: 'allowed',
      label: 'alice: writes acknowledged',
      unit: 'records',
      kind: 'counter',
      chart: 'allowed',
    },
    {
      key: 'consumed',
      label: 'bob: orders read',
      unit: 'records',
      kind: 'counter',
      chart: 'allowed',
    },
    {
      key: 'snoopsAllowed',
      label: 'bob: payroll subscribes allowed',
      unit: 'tries',
      kind: 'counter',
      chart: 'allowed',
    },
    {
      key: 'denied',
      label: 'TOPIC_AUTHORIZATION_FAILED (clients)',
      unit: 'refusals',
      kind: 'counter',
      chart: 'refused',
    },
    {
      key: 'deniedLogged',
      label: 'DENIED lines (authorizer log)',
      unit: 'lines',
      kind: 'gauge',
      chart: 'refused',
    },
    {
      key: 'authFailures',
      label: 'refused logins (clients)',
      unit: 'logins',
      kind: 'counter',
      chart: 'refused',
    },
    {
      key: 'authFailuresLogged',
      label: 'Failed authentication (server log)',
      unit: 'lines',
      kind: 'gauge',
      chart: 'refused',
    },
  ],
  lesson: readLesson(import.meta.url),
  topology: () => ({
    nodes: [
      { id: 'alice', kind: 'producer', label: 'alice (WRITE orders)' },
      { id: 'guess', kind: 'client', label: 'alice, wrong password', metric: 'authFailures' },
      { id: 'orders', kind: 'topic', label: 'orders' },
      { id: 'payroll', kind: 'topic', label: 'payroll (no ACL)', metric: 'deniedLogged' },
      { id: 'bob', kind: 'consumer', label: 'bob (READ orders)', metric: 'denied' },
    ],
    edges: [
      { from: 'alice', to: 'orders', metric: 'allowed.rate' },
      { from: 'orders', to: 'bob', metric: 'consumed.rate' },
      { from: 'payroll', to: 'bob', metric: 'snoopsAllowed.rate' },
    ],
  }),
  run: runAccessControl,
  checks: accessControlChecks,
});
