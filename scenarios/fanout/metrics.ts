import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Per-subscriber keys; subscribers are numbered from 1, as on the topology picture. */
export const deliveredKey = (i: number): string => `delivered.s${i}`;
export const queueDepthKey = (i: number): string => `queueDepth.s${i}`;

export const fanoutCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Published, confirmed and delivered',
    unit: 'msg/s',
    show: 'rate',
    description: 'Delivered is the sum over subscribers: subscribers × published when all keep up.',
  },
  {
    id: 'perSubscriber',
    title: 'Deliveries per subscriber',
    unit: 'msg/s',
    show: 'rate',
  },
  {
    id: 'queueDepth',
    title: 'Queue depth (ready messages, as RabbitMQ reports it)',
    unit: 'messages',
    description:
      'Messages waiting in each queue; those already handed to a subscriber are not counted.',
  },
  {
    id: 'latency',
    title: 'End-to-end latency (publish → delivery)',
    unit: 'ms',
  },
  {
    id: 'integrity',
    title: 'Duplicates and losses',
    unit: 'messages',
    show: 'total',
  },
];

export const fanoutMetrics: MetricSpec[] = [
  {
    key: 'published',
    label: 'Published',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Messages handed to the exchange by the publisher.',
  },
  {
    key: 'confirmed',
    label: 'Confirmed',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description:
      'Publishes the broker acknowledged (publisher confirms): it has taken responsibility.',
  },
  {
    key: 'delivered',
    label: 'Delivered (all subscribers)',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
  },
  {
    key: 'delivered.s{i}',
    label: 'Subscriber {i}',
    unit: 'messages',
    kind: 'counter',
    chart: 'perSubscriber',
  },
  {
    key: 'queueDepth.s{i}',
    label: 'Queue {i}',
    unit: 'messages',
    kind: 'gauge',
    chart: 'queueDepth',
    description: "checkQueue's messageCount: ready messages only, polled 4 times a second.",
  },
  {
    key: 'e2eLatency',
    label: 'Publish → delivery',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'duplicates',
    label: 'Duplicates',
    unit: 'messages',
    kind: 'counter',
    chart: 'integrity',
    description: 'A subscriber received a sequence number it already had.',
  },
  {
    key: 'lost',
    label: 'Lost',
    unit: 'messages',
    kind: 'counter',
    chart: 'integrity',
    description: 'Confirmed messages some subscriber never received, counted after the drain.',
  },
];
