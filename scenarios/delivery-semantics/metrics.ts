import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const deliverySemanticsCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Input written and output produced',
    unit: 'records/s',
    show: 'rate',
  },
  {
    id: 'crashes',
    title: 'What each crash left behind (the processor’s own count)',
    unit: 'records',
    show: 'total',
    description:
      'At each crash: records committed past but never processed (at-most-once), written again after the restart (at-least-once), or written in a transaction Kafka aborts (exactly-once).',
  },
  {
    id: 'backlog',
    title: 'Input not yet committed by the processor (from Kafka)',
    unit: 'records',
  },
  {
    id: 'outcome',
    title: 'Lost and duplicated ids, from a fresh read_committed read of the output',
    unit: 'records',
    description: 'Set once, at the end, when the whole output topic is read again.',
  },
];

export const deliverySemanticsMetrics: MetricSpec[] = [
  {
    key: 'input',
    label: 'Input',
    unit: 'records',
    kind: 'counter',
    chart: 'throughput',
    description: 'Input records Kafka acknowledged to the producer, each with a new id.',
  },
  {
    key: 'output',
    label: 'Output',
    unit: 'records',
    kind: 'counter',
    chart: 'throughput',
    description:
      'Output records the processor saw acknowledged (exactly-once: in committed transactions only).',
  },
  {
    key: 'crashes',
    label: 'Crashes',
    unit: 'crashes',
    kind: 'counter',
    chart: 'crashes',
  },
  {
    key: 'skipped',
    label: 'Committed, never processed',
    unit: 'records',
    kind: 'counter',
    chart: 'crashes',
  },
  {
    key: 'redone',
    label: 'Written, not committed: redone',
    unit: 'records',
    kind: 'counter',
    chart: 'crashes',
  },
  {
    key: 'aborted',
    label: 'Written in an aborted transaction',
    unit: 'records',
    kind: 'counter',
    chart: 'crashes',
  },
  {
    key: 'backlog',
    label: 'Input backlog',
    unit: 'records',
    kind: 'gauge',
    chart: 'backlog',
    description: "Input log end minus the processor group's committed offsets, summed.",
  },
  {
    key: 'lost',
    label: 'Lost',
    unit: 'records',
    kind: 'gauge',
    chart: 'outcome',
    description: 'Input ids acknowledged to the producer that the output never got.',
  },
  {
    key: 'duplicates',
    label: 'Duplicates',
    unit: 'records',
    kind: 'gauge',
    chart: 'outcome',
    description: 'Extra copies of ids in the output, beyond the first.',
  },
];
