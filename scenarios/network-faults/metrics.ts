import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const networkFaultsCharts: ChartSpec[] = [
  {
    id: 'latency',
    title: 'Request latency, as the clients measure it',
    unit: 'ms',
    description:
      'From sending a request to its reply (Redis SET reply, RabbitMQ confirm, Kafka produce acknowledgement), every request of every worker.',
  },
  {
    id: 'windows',
    title: 'Latency before the fault and while it is in force',
    unit: 'ms',
    description:
      'The same requests, split by window: only requests sent and answered wholly inside one window count, for the checks.',
  },
  {
    id: 'throughput',
    title: 'Requests answered and failed',
    unit: 'requests/s',
    show: 'rate',
  },
  {
    id: 'retries',
    title: 'Kafka: produce requests sent again by kafkajs',
    unit: 'requests',
    show: 'total',
    description:
      'Produce requests each producer wrote to the wire beyond one per acknowledged send, counted on its sockets.',
  },
  {
    id: 'outcome',
    title: 'Kafka: extra copies found by a full read of each topic',
    unit: 'records',
    description: 'Set once, at the end, when both topics are read again from the start.',
  },
];

export const networkFaultsMetrics: MetricSpec[] = [
  {
    key: 'latency',
    label: 'Latency',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'latencyBefore',
    label: 'Before the fault',
    unit: 'ms',
    kind: 'histogram',
    chart: 'windows',
  },
  {
    key: 'latencyFault',
    label: 'During the fault',
    unit: 'ms',
    kind: 'histogram',
    chart: 'windows',
  },
  {
    key: 'answered',
    label: 'Answered',
    unit: 'requests',
    kind: 'counter',
    chart: 'throughput',
    description: 'Requests the broker answered with success (Kafka: both producers).',
  },
  {
    key: 'errors',
    label: 'Failed',
    unit: 'requests',
    kind: 'counter',
    chart: 'throughput',
    description: 'Requests that failed (a reset connection, a timeout, retries exhausted).',
  },
  {
    key: 'retries',
    label: 'Non-idempotent producer',
    unit: 'requests',
    kind: 'counter',
    chart: 'retries',
  },
  {
    key: 'idempotentRetries',
    label: 'Idempotent producer',
    unit: 'requests',
    kind: 'counter',
    chart: 'retries',
  },
  {
    key: 'duplicates',
    label: 'Non-idempotent producer',
    unit: 'records',
    kind: 'gauge',
    chart: 'outcome',
  },
  {
    key: 'idempotentDuplicates',
    label: 'Idempotent producer',
    unit: 'records',
    kind: 'gauge',
    chart: 'outcome',
  },
];
