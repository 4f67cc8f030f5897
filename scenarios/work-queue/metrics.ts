import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Per-worker keys; workers are numbered from 1, as on the topology picture. */
export const processedKey = (i: number): string => `processed.w${i}`;
export const unackedKey = (i: number): string => `unacked.w${i}`;

export const workQueueCharts: ChartSpec[] = [
  {
    id: 'processed',
    title: 'Jobs processed per worker',
    unit: 'jobs/s',
    show: 'rate',
    description: 'Acked jobs. With prefetch 1 each worker takes work at its own speed.',
  },
  {
    id: 'holding',
    title: 'Where the jobs wait',
    unit: 'jobs',
    description:
      "Ready in the queue (RabbitMQ's count) and delivered but not yet acked, per worker (the worker's count): at most prefetch each.",
  },
  {
    id: 'wait',
    title: 'Waiting and batch time',
    unit: 'ms',
    description:
      "Wait: publish → a worker starts on the job, including time in the worker's prefetch buffer. Batch: publish → its last job acked.",
  },
];

export const workQueueMetrics: MetricSpec[] = [
  {
    key: 'processed.w{i}',
    label: 'Worker {i}',
    unit: 'jobs',
    kind: 'counter',
    chart: 'processed',
  },
  {
    key: 'queueDepth',
    label: 'Ready in the queue',
    unit: 'jobs',
    kind: 'gauge',
    chart: 'holding',
    description: "checkQueue's messageCount, polled 4 times a second: ready jobs only.",
  },
  {
    key: 'unacked.w{i}',
    label: 'Held by worker {i}',
    unit: 'jobs',
    kind: 'gauge',
    chart: 'holding',
  },
  {
    key: 'waitTime',
    label: 'Wait before work starts',
    unit: 'ms',
    kind: 'histogram',
    chart: 'wait',
  },
  {
    key: 'batchTime',
    label: 'Batch done',
    unit: 'ms',
    kind: 'histogram',
    chart: 'wait',
  },
  {
    key: 'published',
    label: 'Published',
    unit: 'jobs',
    kind: 'counter',
    chart: 'processed',
  },
];
