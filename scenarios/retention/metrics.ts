import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const retentionCharts: ChartSpec[] = [
  {
    id: 'offsets',
    title: 'The log and the consumer (offsets)',
    unit: 'offset',
    description:
      'Log start and log end from Kafka; position is where the consumer will read next. When the log start passes the position, the records in between are gone.',
  },
  { id: 'flow', title: 'Produced and consumed', unit: 'msg/s', show: 'rate' },
  {
    id: 'skipped',
    title: 'Records the consumer never saw',
    unit: 'records',
    show: 'total',
    description:
      'Each jump of the consumer past records that retention deleted (or, with latest, past everything up to the end).',
  },
];

export const retentionMetrics: MetricSpec[] = [
  {
    key: 'logStartOffset',
    label: 'Log start (Kafka)',
    unit: 'offset',
    kind: 'gauge',
    chart: 'offsets',
    description: 'The oldest offset the partition still holds, read from Kafka 4 times a second.',
  },
  {
    key: 'logEndOffset',
    label: 'Log end (Kafka)',
    unit: 'offset',
    kind: 'gauge',
    chart: 'offsets',
  },
  {
    key: 'position',
    label: 'Consumer position',
    unit: 'offset',
    kind: 'gauge',
    chart: 'offsets',
    description: 'The next offset the consumer will process (its last record + 1).',
  },
  {
    key: 'produced',
    label: 'Produced',
    unit: 'records',
    kind: 'counter',
    chart: 'flow',
    description: 'Records Kafka acknowledged to the producer.',
  },
  { key: 'consumed', label: 'Consumed', unit: 'records', kind: 'counter', chart: 'flow' },
  {
    key: 'skipped',
    label: 'Skipped',
    unit: 'records',
    kind: 'counter',
    chart: 'skipped',
    description: 'Offsets the consumer jumped over after Kafka said its offset was out of range.',
  },
];
