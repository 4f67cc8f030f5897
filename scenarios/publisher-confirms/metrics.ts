import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const publisherConfirmsCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Published and confirmed',
    unit: 'msg/s',
    show: 'rate',
    description:
      'One mode after another (the shaded phases); confirmed stays at 0 without confirms.',
  },
  {
    id: 'latency',
    title: 'Confirm latency (publish → the broker’s ack)',
    unit: 'ms',
  },
  {
    id: 'crash',
    title: 'After the SIGKILL: confirmed messages found again',
    unit: 'messages',
    description: 'Read back from the restarted node, persistent and transient together.',
  },
];

export const publisherConfirmsMetrics: MetricSpec[] = [
  {
    key: 'published',
    label: 'Published',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Messages handed to the channel, in every mode.',
  },
  {
    key: 'confirmed',
    label: 'Confirmed',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Publishes the broker acknowledged: it has taken responsibility for them.',
  },
  {
    key: 'confirmLatency',
    label: 'Publish → confirm',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
    description: 'Batched: from a message’s publish to the confirm of its whole batch.',
  },
  {
    key: 'survived',
    label: 'Survived',
    unit: 'messages',
    kind: 'gauge',
    chart: 'crash',
    description: 'Confirmed messages the restarted node still held (read back message by message).',
  },
  {
    key: 'lost',
    label: 'Lost',
    unit: 'messages',
    kind: 'gauge',
    chart: 'crash',
    description: 'Confirmed messages the restarted node no longer held.',
  },
];
