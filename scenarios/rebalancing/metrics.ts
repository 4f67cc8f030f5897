import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Records member consumer-<i> processed. */
export const memberConsumedKey = (i: number): string => `consumed.c${i}`;
/** The number of the member (consumer-<number>) holding partition n; 0 while none does. */
export const partitionOwnerKey = (n: number): string => `owner.p${n}`;

export const rebalancingCharts: ChartSpec[] = [
  {
    id: 'throughput',
    title: 'Produced and consumed',
    unit: 'msg/s',
    show: 'rate',
    description: 'Consumed dropping to zero is the whole group standing still.',
  },
  {
    id: 'perMember',
    title: 'Consumed by each member',
    unit: 'msg/s',
    show: 'rate',
    description:
      'Eager: every line drops at a rebalance. Consumer protocol: only the lines that lose or gain a partition move.',
  },
  {
    id: 'pause',
    title: 'Pause: how long a rebalance stopped a member',
    unit: 'ms',
  },
  {
    id: 'moves',
    title: 'Partitions given up and partitions moved',
    unit: 'partitions',
    show: 'total',
  },
  {
    id: 'rebalances',
    title: 'Rebalances',
    unit: 'rebalances',
    show: 'total',
  },
  {
    id: 'ownership',
    title: 'Which member holds each partition',
    unit: 'member',
    description: 'The member number holding each partition; 0 while none does.',
  },
];

export const rebalancingMetrics: MetricSpec[] = [
  {
    key: 'produced',
    label: 'Produced',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Records Kafka acknowledged to the producer.',
  },
  {
    key: 'consumed',
    label: 'Consumed',
    unit: 'messages',
    kind: 'counter',
    chart: 'throughput',
    description: 'Records the members finished processing.',
  },
  {
    key: 'consumed.c{i}',
    label: 'consumer-{i}',
    unit: 'messages',
    kind: 'counter',
    chart: 'perMember',
  },
  {
    key: 'pauseMs',
    label: 'Member pause',
    unit: 'ms',
    kind: 'histogram',
    chart: 'pause',
    description:
      'One value per member a rebalance stopped: from the moment it gave up all it held until it finished its next record. Eager: every member at every rebalance. Consumer protocol: only a member left with nothing.',
  },
  {
    key: 'partitionsRevoked',
    label: 'Partitions given up',
    unit: 'partitions',
    kind: 'counter',
    chart: 'moves',
    description: 'Each member counts the partitions it stopped consuming at a rebalance.',
  },
  {
    key: 'partitionsMoved',
    label: 'Partitions moved',
    unit: 'partitions',
    kind: 'counter',
    chart: 'moves',
    description: 'Partitions held by a different member after the rebalance than before it.',
  },
  {
    key: 'rebalances',
    label: 'Rebalances',
    unit: 'rebalances',
    kind: 'counter',
    chart: 'rebalances',
    description: 'Changes of the group’s assignment, from the first sign to a settled assignment.',
  },
  {
    key: 'members',
    label: 'Live members',
    unit: 'members',
    kind: 'gauge',
    chart: 'rebalances',
  },
  {
    key: 'owner.p{n}',
    label: 'Owner of partition {n}',
    unit: 'member',
    kind: 'gauge',
    chart: 'ownership',
  },
];
