import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const eventDrivenOrderCharts: ChartSpec[] = [
  {
    id: 'delivery',
    title: 'Orders in the store, and the ones each consumer heard of',
    unit: 'orders',
    description:
      'Orders in Redis (product-service’s store) against the distinct orders notification-service notified (RabbitMQ) and analytics-service counted (Kafka). The lines part where an event was lost.',
  },
  {
    id: 'lost',
    title: 'Orders without their event',
    unit: 'orders',
    description:
      'Orders in the store minus the ones a consumer heard of. Events on their way count here for a moment; a lost one stays for good. Under dual-write it climbs with each crash; under outbox it comes back to 0.',
  },
  {
    id: 'crashes',
    title: 'product-service crashes and instances up',
    unit: 'instances',
    show: 'total',
    description:
      'Each crash is a product-service process killing itself after writing an order; the run restarts it. Instances up: the ones answering right now.',
  },
  {
    id: 'events',
    title: 'Order events in Kafka, and the outbox',
    unit: 'events',
    description:
      'Records in the activity topic (repeats included: the outbox relay is at-least-once), and outbox entries written but not yet published and deleted.',
  },
  {
    id: 'traffic',
    title: 'Orders the shoppers placed',
    unit: 'orders/s',
    show: 'rate',
    description:
      'Answers the shoppers got from the gateway: 201 placed, or anything else (a 502 while a crashed instance is still in the registry).',
  },
  {
    id: 'latency',
    title: 'Order latency at the shopper',
    unit: 'ms',
    description: 'From sending POST /api/orders to its 201.',
  },
];

export const eventDrivenOrderMetrics: MetricSpec[] = [
  {
    key: 'orders',
    label: 'Orders in the store',
    unit: 'orders',
    kind: 'gauge',
    chart: 'delivery',
    description: 'SCARD of the orders set in Redis, read every 500 ms.',
  },
  {
    key: 'notified',
    label: 'Notified',
    unit: 'orders',
    kind: 'gauge',
    chart: 'delivery',
    description: 'Distinct orders notification-service sent a notification for (its notified set).',
  },
  {
    key: 'analytics',
    label: 'In analytics',
    unit: 'orders',
    kind: 'gauge',
    chart: 'delivery',
    description: 'Distinct order ids analytics-service counted (its /stats).',
  },
  {
    key: 'lost',
    label: 'Not notified',
    unit: 'orders',
    kind: 'gauge',
    chart: 'lost',
    description: 'Orders in the store − notified.',
  },
  {
    key: 'lostAnalytics',
    label: 'Not in analytics',
    unit: 'orders',
    kind: 'gauge',
    chart: 'lost',
    description: 'Orders in the store − orders analytics-service counted.',
  },
  {
    key: 'crashes',
    label: 'Crashes',
    unit: 'crashes',
    kind: 'counter',
    chart: 'crashes',
    description: 'product-service exits the run saw (and restarted).',
  },
  {
    key: 'instancesUp',
    label: 'Instances up',
    unit: 'instances',
    kind: 'gauge',
    chart: 'crashes',
  },
  {
    key: 'events',
    label: 'Kafka records',
    unit: 'events',
    kind: 'gauge',
    chart: 'events',
    description: 'order-placed records in the activity topic (its log end offsets).',
  },
  {
    key: 'outboxDepth',
    label: 'Outbox entries',
    unit: 'entries',
    kind: 'gauge',
    chart: 'events',
    description: 'XLEN of the outbox stream: written, not yet published and deleted by a relay.',
  },
  {
    key: 'placed',
    label: 'Placed (201)',
    unit: 'orders',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'failed',
    label: 'Failed',
    unit: 'orders',
    kind: 'counter',
    chart: 'traffic',
    description: 'Any answer but 201, or no answer.',
  },
  {
    key: 'latency',
    label: 'Placed orders',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
];
