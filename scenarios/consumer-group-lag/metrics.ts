import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Per-partition keys; partitions are numbered from 0, as Kafka numbers them. */
export const partitionLagKey = (n: number): string => `lag.p${n}`;
/** The number of the member (consumer-<number>) that owns partition n; 0 while none does. */
export const partitionOwnerKey = (n: number): string => `owner.p${n}`;

export const consumerGroupLagCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Produced and consumed',
    unit: 'msg/s',
    show: 'rate',
    description: 'When consumed stays below produced, the difference piles up as lag.',
  },
  {
    id: 'lag',
    title: 'Consumer lag (log-end offset − committed offset, from Kafka)',
    unit: 'messages',
  },
  {
    id: 'lagPerPartition',
    title: 'Lag per partition',
    unit: 'messages',
  },
  {
    id: 'members',
    title: 'Group members with and without partitions',
    unit: 'members',
  },
  {
    id: 'ownership',
    title: 'Which member owns each partition',
    unit: 'member',
    description:
      'The member number (consumer-1 is 1) holding each partition, as the group assigned it; 0 while no member does. It steps at every rebalance.',
  },
  {
    id: 'rebalances',
    title: 'Rebalances',
    unit: 'rebalances',
    show: 'total',
  },
];

export const consumerGroupLagMetrics: MetricSpec[] = [
  {
    key: 'produced',
    label: 'Produced',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Messages Kafka acknowledged to the producer.',
  },
  {
    key: 'consumed',
    label: 'Consumed',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Messages the group members finished processing.',
  },
  {
    key: 'lag',
    label: 'Total lag',
    unit: 'messages',
    kind: 'gauge',
    chart: 'lag',
    description:
      "Sum over partitions of log-end offset minus the group's committed offset, read from the broker 4 times a second.",
  },
  {
    key: 'lag.p{n}',
    label: 'Partition {n}',
    unit: 'messages',
    kind: 'gauge',
    chart: 'lagPerPartition',
  },
  {
    key: 'owner.p{n}',
    label: 'Owner of partition {n}',
    unit: 'member',
    kind: 'gauge',
    chart: 'ownership',
  },
  {
    key: 'activeConsumers',
    label: 'Members with partitions',
    unit: 'members',
    kind: 'gauge',
    chart: 'members',
  },
  {
    key: 'idleConsumers',
    label: 'Idle members (no partition)',
    unit: 'members',
    kind: 'gauge',
    chart: 'members',
  },
  {
    key: 'rebalances',
    label: 'Rebalances',
    unit: 'rebalances',
    kind: 'counter',
    chart: 'rebalances',
    description:
      'Generations of the group: each time members join or leave, partitions are dealt out again.',
  },
];
