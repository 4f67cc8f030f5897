import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const backpressureCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Published, confirmed, nacked and consumed',
    unit: 'msg/s',
    show: 'rate',
    description:
      'One phase after another (shaded): nacks appear only where the queue refuses; in the memory alarm, publishing stalls.',
  },
  {
    id: 'depth',
    title: 'Queue depth against x-max-length (RabbitMQ’s own count)',
    unit: 'messages',
    description:
      'Ready messages in the phase’s queue; unacked ones held by the consumer are not counted.',
  },
  {
    id: 'lost',
    title: 'What the capped queue did not keep',
    unit: 'messages',
    description:
      'Dropped: confirmed, then pushed out of the head. Dead-lettered: refused, counted in the dead-letter queue.',
  },
  {
    id: 'blocked',
    title: 'Time the publishing connection was blocked',
    unit: 'ms',
    description:
      'Summed from amqplib’s blocked/unblocked events (the broker’s connection.blocked).',
  },
];

export const backpressureMetrics: MetricSpec[] = [
  {
    key: 'published',
    label: 'Published',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Messages handed to the channel.',
  },
  {
    key: 'confirmed',
    label: 'Confirmed',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Publishes the broker acked (a drop-head queue acks, then may drop).',
  },
  {
    key: 'nacked',
    label: 'Nacked',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Publishes the broker refused (reject-publish, reject-publish-dlx).',
  },
  {
    key: 'consumed',
    label: 'Consumed',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Messages the slow consumer processed and acked.',
  },
  {
    key: 'queueDepth',
    label: 'Queue depth',
    unit: 'messages',
    kind: 'gauge',
    chart: 'depth',
    description: 'The phase’s queue, from queue.declare passive (ready messages only).',
  },
  {
    key: 'maxLength',
    label: 'x-max-length',
    unit: 'messages',
    kind: 'gauge',
    chart: 'depth',
    description: 'The cap the queue was declared with (0 in the memory phase: no cap).',
  },
  {
    key: 'dropped',
    label: 'Dropped (drop-head)',
    unit: 'messages',
    kind: 'gauge',
    chart: 'lost',
    description:
      'Confirmed − consumed − held by the consumer − the broker’s depth: confirmed messages the queue threw away.',
  },
  {
    key: 'deadLettered',
    label: 'Dead-lettered',
    unit: 'messages',
    kind: 'gauge',
    chart: 'lost',
    description: 'Depth of the dead-letter queue (reject-publish-dlx), as RabbitMQ reports it.',
  },
  {
    key: 'blockedMs',
    label: 'Blocked',
    unit: 'ms',
    kind: 'gauge',
    chart: 'blocked',
    description: 'Total time the private node kept the publisher’s connection blocked.',
  },
];
