import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { rpcChecks } from './checks.ts';
import { rpcCharts, rpcMetrics } from './metrics.ts';
import { rpcParams } from './params.ts';
import { runRpc } from './run.ts';
import { rpcTopology } from './topology.ts';

export default defineScenario({
  id: 'rpc',
  title: 'RPC over RabbitMQ: correlation ids, timeouts, late replies',
  summary:
    'Clients call servers through one request queue and get answers on direct reply-to, matched by correlation id; a slow server makes callers time out and its replies arrive late, to be discarded.',
  brokers: ['rabbitmq'],
  tags: ['rabbitmq', 'rpc', 'request/reply', 'direct reply-to', 'correlation id', 'timeouts'],
  level: 'intermediate',
  watch: 'Timeouts and late replies appear the moment one server is slower than the timeout',
  minutes: 12,
  params: rpcParams,
  charts: rpcCharts,
  metrics: rpcMetrics,
  lesson: readLesson(import.meta.url),
  topology: rpcTopology,
  run: runRpc,
  checks: rpcChecks,
});
