import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { priorityChecks } from './checks.ts';
import { priorityCharts, priorityMetrics } from './metrics.ts';
import { priorityQueueParams } from './params.ts';
import { runPriorityQueue } from './run.ts';
import { priorityTopology } from './topology.ts';

export default defineScenario({
  id: 'priority-queue',
  title: 'Priority queue: the urgent go first',
  summary:
    'A queue with x-max-priority under a backlog: high-priority messages overtake the rest and wait little, the lowest priority waits for what capacity is left.',
  brokers: ['rabbitmq'],
  tags: ['rabbitmq', 'priority', 'x-max-priority', 'backlog', 'prefetch'],
  level: 'intermediate',
  watch: 'The high-priority wait stay flat while the lowest priority waits longer and longer',
  minutes: 8,
  params: priorityQueueParams,
  charts: priorityCharts,
  metrics: priorityMetrics,
  lesson: readLesson(import.meta.url),
  topology: priorityTopology,
  run: runPriorityQueue,
  checks: priorityChecks,
});
