import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { workQueueChecks } from './checks.ts';
import { workQueueCharts, workQueueMetrics } from './metrics.ts';
import { workQueueParams } from './params.ts';
import { runWorkQueue } from './run.ts';
import { workQueueTopology } from './topology.ts';

export default defineScenario({
  id: 'work-queue',
  title: 'Work queue: competing consumers and prefetch',
  summary:
    'Workers share one queue and one is slow: with prefetch 1 the work follows their speed; with a large prefetch it is dealt evenly and the slow worker holds the tail.',
  brokers: ['rabbitmq'],
  tags: ['rabbitmq', 'work queue', 'competing consumers', 'prefetch', 'basic.qos'],
  level: 'beginner',
  watch: "The slow worker's share of the jobs, and how long the last batch waits on it",
  minutes: 10,
  params: workQueueParams,
  charts: workQueueCharts,
  metrics: workQueueMetrics,
  lesson: readLesson(import.meta.url),
  topology: workQueueTopology,
  run: runWorkQueue,
  checks: workQueueChecks,
});
