import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const deliveredKey = (p: number): string => `delivered.p${p}`;
export const waitKey = (p: number): string => `wait.p${p}`;

export const priorityCharts: ChartSpec[] = [
  {
    id: 'delivered',
    title: 'Delivered by priority',
    unit: 'msg/s',
    show: 'rate',
    description:
      'With a backlog, the consumer takes every high-priority message that arrives; the lowest priority gets what capacity is left.',
  },
  {
    id: 'wait',
    title: 'Wait by priority (publish → work starts)',
    unit: 'ms',
  },
  {
    id: 'depth',
    title: 'Queue depth (ready messages, as RabbitMQ reports it)',
    unit: 'messages',
  },
];

export const priorityMetrics: MetricSpec[] = [
  { key: 'published', label: 'Published', unit: 'messages', kind: 'counter', chart: 'delivered' },
  {
    key: 'delivered.p{n}',
    label: 'Priority {n}',
    unit: 'messages',
    kind: 'counter',
    chart: 'delivered',
  },
  {
    key: 'delivered',
    label: 'Delivered (all)',
    unit: 'messages',
    kind: 'counter',
    chart: 'delivered',
  },
  {
    key: 'wait.p{n}',
    label: 'Priority {n}',
    unit: 'ms',
    kind: 'histogram',
    chart: 'wait',
  },
  {
    key: 'queueDepth',
    label: 'Ready in the queue',
    unit: 'messages',
    kind: 'gauge',
    chart: 'depth',
    description: "checkQueue's messageCount, polled 4 times a second.",
  },
];
