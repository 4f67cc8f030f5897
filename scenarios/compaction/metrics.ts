import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const compactionCharts: ChartSpec[] = [
  {
    id: 'log',
    title: 'What a full read of the topic finds',
    unit: 'records',
    description:
      'A new consumer reads the whole topic every 2 s. Compaction keeps it near one record per key, however much was written.',
  },
  {
    id: 'offsets',
    title: 'Offsets ever written (Kafka’s log end)',
    description: 'Compare with the records a full read finds: compaction frees the rest.',
    unit: 'records',
  },
  { id: 'writes', title: 'Writes', unit: 'msg/s', show: 'rate' },
];

export const compactionMetrics: MetricSpec[] = [
  {
    key: 'inLog',
    label: 'Records in the log',
    unit: 'records',
    kind: 'gauge',
    chart: 'log',
    description: 'Records the latest full read found (tombstones included).',
  },
  {
    key: 'distinctKeys',
    label: 'Distinct keys',
    unit: 'keys',
    kind: 'gauge',
    chart: 'log',
  },
  {
    key: 'tombstones',
    label: 'Tombstones',
    unit: 'records',
    kind: 'gauge',
    chart: 'log',
    description: 'Records with a null value in the latest full read: deletes not yet expired.',
  },
  {
    key: 'logEndOffset',
    label: 'Log end offset (Kafka)',
    unit: 'records',
    kind: 'gauge',
    chart: 'offsets',
    description: 'Every offset ever written; it never shrinks.',
  },
  {
    key: 'written',
    label: 'Written',
    unit: 'records',
    kind: 'counter',
    chart: 'writes',
    description: 'Records (updates and tombstones) Kafka acknowledged.',
  },
  {
    key: 'deletes',
    label: 'Tombstones written',
    unit: 'records',
    kind: 'counter',
    chart: 'writes',
  },
];
