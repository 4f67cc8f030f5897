import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

export const throughputKey = (type: QueueType): string => `throughput.${type}`;
export const latencyKey = (type: QueueType): string => `latency.${type}`;
export const confirmedKey = (type: QueueType): string => `confirmed.${type}`;
export const heldKey = (type: QueueType): string => `held.${type}`;

const LABEL: Record<QueueType, string> = {
  classic: 'Classic',
  quorum: 'Quorum',
  stream: 'Stream',
};

export const queueTypesCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Throughput (delivered to the consumer)',
    unit: 'msg/s',
    show: 'rate',
    description:
      'Each queue gets the same offered load; a line below it is a queue falling behind.',
  },
  {
    id: 'latency',
    title: 'Latency (publish → delivery)',
    unit: 'ms',
    description: 'From the send time in the body to the consumer receiving it, per queue type.',
  },
  {
    id: 'replay',
    title: 'Stream replay from an offset',
    unit: 'msg/s',
    show: 'rate',
    description:
      'A second stream consumer attaches halfway through and reads the history at full speed, then follows live.',
  },
  {
    id: 'held',
    title: 'What each queue holds (RabbitMQ)',
    unit: 'messages',
    description:
      "checkQueue's messageCount: ready messages for the classic and quorum queues; for the stream, every message it keeps, read or not (a statistic RabbitMQ refreshes only every few seconds).",
  },
  { id: 'confirmed', title: 'Confirmed by RabbitMQ', unit: 'msg/s', show: 'rate' },
];

export const queueTypesMetrics: MetricSpec[] = [
  ...QUEUE_TYPES.map((type): MetricSpec => ({
    key: throughputKey(type),
    label: LABEL[type],
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
  })),
  ...QUEUE_TYPES.map((type): MetricSpec => ({
    key: latencyKey(type),
    label: LABEL[type],
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  })),
  {
    key: 'replayed',
    label: 'Replayed from the stream',
    unit: 'messages',
    kind: 'counter',
    chart: 'replay',
    description: 'Deliveries to the replay consumer, from its start offset on.',
  },
  ...QUEUE_TYPES.map((type): MetricSpec => ({
    key: heldKey(type),
    label: LABEL[type],
    unit: 'messages',
    kind: 'gauge',
    chart: 'held',
  })),
  ...QUEUE_TYPES.map((type): MetricSpec => ({
    key: confirmedKey(type),
    label: LABEL[type],
    unit: 'messages',
    kind: 'counter',
    chart: 'confirmed',
    description: 'Publishes RabbitMQ confirmed: written, and for quorum and stream, committed.',
  })),
];
