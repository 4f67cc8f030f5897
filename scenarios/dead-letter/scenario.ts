import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { deadLetterChecks } from './checks.ts';
import { deadLetterCharts, deadLetterMetrics } from './metrics.ts';
import { deadLetterParams } from './params.ts';
import { runDeadLetter } from './run.ts';
import { deadLetterTopology } from './topology.ts';

export default defineScenario({
  id: 'dead-letter',
  title: 'Dead letters, retries and the parking lot',
  summary:
    'Messages rejected, expired or pushed out of a full queue are dead-lettered with their reason; failures retry after a delay through a TTL queue and park after N attempts.',
  brokers: ['rabbitmq'],
  tags: [
    'rabbitmq',
    'dead-letter exchange',
    'x-death',
    'TTL',
    'max-length',
    'retry',
    'parking lot',
  ],
  level: 'intermediate',
  watch:
    'Dead letters pile up by reason (rejected, expired, overflowed) while failures loop through a delay and the hopeless ones park',
  minutes: 15,
  params: deadLetterParams,
  charts: deadLetterCharts,
  metrics: deadLetterMetrics,
  lesson: readLesson(import.meta.url),
  topology: deadLetterTopology,
  run: runDeadLetter,
  checks: deadLetterChecks,
});
