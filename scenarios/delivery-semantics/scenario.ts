import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { deliverySemanticsChecks } from './checks.ts';
import { deliverySemanticsCharts, deliverySemanticsMetrics } from './metrics.ts';
import { deliverySemanticsParams } from './params.ts';
import { runDeliverySemantics } from './run.ts';
import { deliverySemanticsTopology } from './topology.ts';

export default defineScenario({
  id: 'delivery-semantics',
  title: 'Delivery semantics: at-most-once, at-least-once, exactly-once',
  summary:
    'A consume-transform-produce processor that crashes every N records: committing before processing loses records, processing before committing duplicates them, and a Kafka transaction holding the output and the input offsets does neither.',
  brokers: ['kafka'],
  tags: ['kafka', 'delivery semantics', 'exactly-once', 'transactions', 'idempotence', 'crash'],
  level: 'advanced',
  watch:
    'Crashes turning into lost ids, duplicate ids, or records Kafka aborts and read_committed hides',
  minutes: 15,
  params: deliverySemanticsParams,
  charts: deliverySemanticsCharts,
  metrics: deliverySemanticsMetrics,
  lesson: readLesson(import.meta.url),
  topology: deliverySemanticsTopology,
  run: runDeliverySemantics,
  checks: deliverySemanticsChecks,
});
