import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { transactionsChecks } from './checks.ts';
import { transactionsCharts, transactionsMetrics } from './metrics.ts';
import { transactionsParams } from './params.ts';
import { runTransactions } from './run.ts';
import { transactionsTopology } from './topology.ts';

export default defineScenario({
  id: 'transactions',
  title: 'Transactions: moving money between shared balances',
  summary:
    'Workers move amounts between balances in Redis four ways: GET then SET, WATCH/MULTI/EXEC with retries, a Lua script, and INCRBY; watch naive writes lose updates and money, WATCH pay in retries, and INCRBY overdraw.',
  brokers: ['redis'],
  tags: ['redis', 'transactions', 'watch', 'multi-exec', 'lua', 'lost-update', 'race-condition'],
  level: 'intermediate',
  params: transactionsParams,
  charts: transactionsCharts,
  metrics: transactionsMetrics,
  lesson: readLesson(import.meta.url),
  topology: transactionsTopology,
  run: runTransactions,
  checks: transactionsChecks,
});
