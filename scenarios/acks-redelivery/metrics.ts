import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Per-consumer keys; consumers are numbered from 1, as on the topology picture. */
export const deliveredKey = (i: number): string => `delivered.c${i}`;
export const inFlightKey = (i: number): string => `inFlight.c${i}`;

export const acksCharts: ChartSpec[] = [
  {
    id: 'flow',
    title: 'Confirmed, delivered, acked and processed',
    unit: 'msg/s',
    show: 'rate',
    description:
      'Under auto ack, acked follows delivered: RabbitMQ counts a message acknowledged when it sends it.',
  },
  {
    id: 'holding',
    title: 'Where the unfinished messages are',
    unit: 'messages',
    description:
      'Ready in the queue (RabbitMQ) against delivered but not yet processed (the consumers).',
  },
  {
    id: 'crashes',
    title: 'What the crashes did',
    unit: 'messages',
    show: 'total',
  },
  { id: 'perConsumer', title: 'Deliveries per consumer', unit: 'msg/s', show: 'rate' },
];

export const acksMetrics: MetricSpec[] = [
  {
    key: 'confirmed',
    label: 'Confirmed',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Publishes RabbitMQ confirmed: it has taken responsibility for them.',
  },
  { key: 'delivered', label: 'Delivered', unit: 'messages', kind: 'counter', chart: 'flow' },
  {
    key: 'acked',
    label: 'Acked',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Manual: basic.ack sent after processing. Auto: on delivery, by RabbitMQ.',
  },
  {
    key: 'processed',
    label: 'Processed',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Messages a consumer finished working on.',
  },
  {
    key: 'queueDepth',
    label: 'Ready in the queue (RabbitMQ)',
    unit: 'messages',
    kind: 'gauge',
    chart: 'holding',
    description: "checkQueue's messageCount, polled 4 times a second: ready messages only.",
  },
  {
    key: 'inFlight',
    label: 'Held by consumers',
    unit: 'messages',
    kind: 'gauge',
    chart: 'holding',
    description: 'Delivered but not processed: what a crash right now would catch.',
  },
  {
    key: 'inFlight.c{i}',
    label: 'Held by consumer {i}',
    unit: 'messages',
    kind: 'gauge',
    chart: 'holding',
  },
  {
    key: 'requeued',
    label: 'Requeued by crashes',
    unit: 'messages',
    kind: 'counter',
    chart: 'crashes',
    description: 'Manual ack: what crashed consumers held unacked, which RabbitMQ takes back.',
  },
  {
    key: 'redelivered',
    label: 'Redelivered (flag)',
    unit: 'messages',
    kind: 'counter',
    chart: 'crashes',
    description: 'Deliveries RabbitMQ flagged as redelivered: it had handed them out before.',
  },
  {
    key: 'duplicates',
    label: 'Duplicates',
    unit: 'messages',
    kind: 'counter',
    chart: 'crashes',
    description: 'Deliveries of a sequence number some consumer had already received.',
  },
  {
    key: 'lost',
    label: 'Lost',
    unit: 'messages',
    kind: 'counter',
    chart: 'crashes',
    description:
      'Auto ack: what crashed consumers held unprocessed. RabbitMQ had already forgotten them.',
  },
  {
    key: 'delivered.c{i}',
    label: 'Consumer {i}',
    unit: 'messages',
    kind: 'counter',
    chart: 'perConsumer',
  },
];
