import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import type { DeathReason } from './x-death.ts';

export const deadKey = (reason: DeathReason): string => `dead.${reason}`;

export const depthKeys = {
  work: 'depth.work',
  retry: 'depth.retry',
  dead: 'depth.dead',
  parked: 'depth.parked',
} as const;

export const deadLetterCharts: ChartSpec[] = [
  {
    id: 'flow',
    title: 'Published, delivered, processed, retried and parked',
    unit: 'msg/s',
    show: 'rate',
  },
  {
    id: 'dead',
    title: "Dead-lettered, by x-death's reason",
    unit: 'messages',
    show: 'total',
    description: 'Read from the x-death header of a copy of every dead letter.',
  },
  {
    id: 'depths',
    title: 'Queue depths (ready messages, as RabbitMQ reports them)',
    unit: 'messages',
  },
];

const dead = (reason: DeathReason, label: string, description: string): MetricSpec => ({
  key: deadKey(reason),
  label,
  unit: 'messages',
  kind: 'counter',
  chart: 'dead',
  description,
});

const depth = (key: string, label: string): MetricSpec => ({
  key,
  label,
  unit: 'messages',
  kind: 'gauge',
  chart: 'depths',
  description: "checkQueue's messageCount, polled 4 times a second.",
});

export const deadLetterMetrics: MetricSpec[] = [
  {
    key: 'confirmed',
    label: 'Confirmed',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Publishes RabbitMQ confirmed.',
  },
  {
    key: 'delivered',
    label: 'Delivered to the worker',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'First deliveries and retries alike.',
  },
  { key: 'processed', label: 'Processed', unit: 'messages', kind: 'counter', chart: 'flow' },
  {
    key: 'retried',
    label: 'Sent to retry',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Failed attempts the worker sent round the retry queue (confirmed there).',
  },
  {
    key: 'parked',
    label: 'Parked',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Messages that failed maxAttempts times, moved to the parking lot (confirmed).',
  },
  dead('rejected', 'Rejected', 'Rejected by the worker without requeue (a poison message).'),
  dead('expired', 'Expired', 'Their per-message TTL ran out while they waited in the queue.'),
  dead('maxlen', 'Overflowed', "Pushed out of the full work queue's head by a newer message."),
  depth(depthKeys.work, 'Work queue'),
  depth(depthKeys.retry, 'Retry queue (waiting out the delay)'),
  depth(depthKeys.dead, 'Dead-letter queue'),
  depth(depthKeys.parked, 'Parking lot'),
];
