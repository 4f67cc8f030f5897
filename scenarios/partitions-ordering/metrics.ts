import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const producedKey = (n: number): string => `produced.p${n}`;
export const consumedKey = (n: number): string => `consumed.p${n}`;
export const lagKey = (n: number): string => `lag.p${n}`;
export const memberKey = (i: number): string => `member.c${i}`;

export const partitionsOrderingCharts: ChartSpec[] = [
  { id: 'produced', title: 'Produced per partition', unit: 'msg/s', show: 'rate' },
  { id: 'consumed', title: 'Consumed per partition', unit: 'msg/s', show: 'rate' },
  {
    id: 'members',
    title: 'Processed per member',
    unit: 'msg/s',
    show: 'rate',
    description:
      'A member holding the hot key’s partition does more than the others, up to its limit.',
  },
  { id: 'lag', title: 'Lag per partition (from Kafka)', unit: 'records' },
  {
    id: 'order',
    title: 'Per-key order violations seen by the consumers',
    unit: 'records',
    show: 'total',
    description:
      'A record whose per-key sequence number is lower than one already processed for that key.',
  },
  {
    id: 'skew',
    title: 'Skew: the busiest partition above an even share',
    unit: '%',
  },
];

export const partitionsOrderingMetrics: MetricSpec[] = [
  {
    key: 'produced.p{n}',
    label: 'Partition {n}',
    unit: 'records',
    kind: 'counter',
    chart: 'produced',
    description: 'Records Kafka acknowledged on this partition.',
  },
  {
    key: 'consumed.p{n}',
    label: 'Partition {n}',
    unit: 'records',
    kind: 'counter',
    chart: 'consumed',
  },
  {
    key: 'member.c{i}',
    label: 'consumer-{i}',
    unit: 'records',
    kind: 'counter',
    chart: 'members',
  },
  { key: 'lag.p{n}', label: 'Partition {n}', unit: 'records', kind: 'gauge', chart: 'lag' },
  {
    key: 'orderViolations',
    label: 'Out of per-key order',
    unit: 'records',
    kind: 'counter',
    chart: 'order',
  },
  {
    key: 'skewPct',
    label: 'Busiest partition above even',
    unit: '%',
    kind: 'gauge',
    chart: 'skew',
    description:
      '(records on the busiest partition ÷ the average per partition − 1) × 100, from what Kafka acknowledged: 0 is perfectly even.',
  },
];
