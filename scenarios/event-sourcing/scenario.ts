import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { eventSourcingChecks } from './checks.ts';
import { eventSourcingCharts, eventSourcingMetrics } from './metrics.ts';
import { eventSourcingParams } from './params.ts';
import { runEventSourcing } from './run.ts';
import { eventSourcingTopology } from './topology.ts';

export default defineScenario({
  id: 'event-sourcing',
  title: 'Event sourcing: the log is the truth, the view is rebuilt from it',
  summary:
    'Account events (opened, deposited, withdrawn) are the source of truth in a Kafka topic; a consumer folds them into balances, and the view is dropped and rebuilt by replaying from offset 0, or as of a moment found by timestamp.',
  brokers: ['kafka'],
  tags: ['kafka', 'event sourcing', 'CQRS', 'replay', 'read model', 'seek by timestamp'],
  level: 'intermediate',
  watch:
    'The view’s balance drop to 0 at each rebuild and climb back to the ledger’s line as the log replays',
  minutes: 12,
  params: eventSourcingParams,
  charts: eventSourcingCharts,
  metrics: eventSourcingMetrics,
  lesson: readLesson(import.meta.url),
  topology: eventSourcingTopology,
  run: runEventSourcing,
  checks: eventSourcingChecks,
});
