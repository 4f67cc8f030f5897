import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const persistenceCharts: ChartSpec[] = [
  {
    id: 'writes',
    title: 'Writes',
    unit: 'writes/s',
    show: 'rate',
    description: 'Acknowledged and failed writes: the gap is the server being down.',
  },
  {
    id: 'outcome',
    title: 'After the restart',
    unit: 'writes',
    description:
      'Of the writes acknowledged before the kill: how many the restarted server still has (a fresh read), and how many it lost.',
  },
  {
    id: 'latency',
    title: 'Write latency',
    unit: 'ms',
    description: 'With appendfsync always, every write waits for the disk.',
  },
];

export const persistenceMetrics: MetricSpec[] = [
  { key: 'acked', label: 'Acknowledged', unit: 'writes', kind: 'counter', chart: 'writes' },
  {
    key: 'failed',
    label: 'Failed (server down)',
    unit: 'writes',
    kind: 'counter',
    chart: 'writes',
  },
  {
    key: 'survived',
    label: 'Survived',
    unit: 'writes',
    kind: 'gauge',
    chart: 'outcome',
    description: 'Acknowledged before the kill and found after the restart (EXISTS on each).',
  },
  {
    key: 'lost',
    label: 'Lost',
    unit: 'writes',
    kind: 'gauge',
    chart: 'outcome',
    description: 'Acknowledged before the kill, missing after the restart.',
  },
  {
    key: 'lossWindowMs',
    label: 'Lost span',
    unit: 'ms',
    kind: 'gauge',
    chart: 'outcome',
    description: 'From the first lost write’s acknowledgement to the kill: how much time was lost.',
  },
  { key: 'writeLatency', label: 'Write', unit: 'ms', kind: 'histogram', chart: 'latency' },
];
