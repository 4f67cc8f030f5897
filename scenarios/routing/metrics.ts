import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { QUEUE_IDS } from './bindings.ts';
import type { QueueId } from './bindings.ts';

export const routedKey = (queue: QueueId): string => `routed.${queue}`;

export const routingCharts: ChartSpec[] = [
  {
    id: 'flow',
    title: 'Published, confirmed and unroutable',
    unit: 'msg/s',
    show: 'rate',
    description:
      'Unroutable: messages RabbitMQ returned to the publisher or handed to the alternate exchange (0 when it drops them silently).',
  },
  {
    id: 'routed',
    title: 'Routed into each queue',
    unit: 'msg/s',
    show: 'rate',
    description:
      "Deliveries out of each queue, counted by its consumer: the broker's routing, message by message. A message lands in every queue with a matching binding, so these can add up to more than published.",
  },
];

export const routingMetrics: MetricSpec[] = [
  {
    key: 'published',
    label: 'Published',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
  },
  {
    key: 'confirmed',
    label: 'Confirmed',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description: 'Publishes RabbitMQ confirmed: it routed them (or returned them) and took them.',
  },
  {
    key: 'unroutable',
    label: 'Unroutable',
    unit: 'messages',
    kind: 'counter',
    chart: 'flow',
    description:
      "Messages no binding matched, as RabbitMQ reported them: basic.return (mandatory) or the alternate exchange's queue.",
  },
  ...QUEUE_IDS.map((queue): MetricSpec => ({
    key: routedKey(queue),
    label: queue,
    unit: 'messages',
    kind: 'counter',
    chart: 'routed',
  })),
];
