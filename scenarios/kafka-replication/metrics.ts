import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { ACKS_LABEL, PRODUCERS } from './facts.ts';

export const isrKey = (n: number): string => `isr.p${n}`;
export const leaderKey = (n: number): string => `leader.p${n}`;

export const kafkaReplicationCharts: ChartSpec[] = [
  {
    id: 'writes',
    title: 'Acknowledged writes',
    unit: 'records/s',
    show: 'rate',
    description:
      'Both producers pause while the partitions have no leader; acks=1 is acknowledged by the leader alone, acks=all once every in-sync replica has the record.',
  },
  {
    id: 'isr',
    title: 'In-sync replicas (from Kafka’s metadata)',
    unit: 'replicas',
    description:
      'ISR size per partition (the smaller of the two topics), and partitions whose ISR is below the replication factor of 3.',
  },
  {
    id: 'leaders',
    title: 'Partition leaders',
    unit: 'node',
    description: 'The node id leading each partition of the acks=all topic; -1 while none does.',
  },
  {
    id: 'latency',
    title: 'From send to acknowledgement',
    unit: 'ms',
    description: 'acks=all waits for the followers to fetch the record.',
  },
  {
    id: 'election',
    title: 'Leader election',
    unit: 'ms',
  },
  {
    id: 'outcome',
    title: 'Lost acknowledged writes (full read at the end)',
    unit: 'records',
  },
];

export const kafkaReplicationMetrics: MetricSpec[] = [
  {
    key: 'acked',
    label: 'Acknowledged (both)',
    unit: 'records',
    kind: 'counter',
    chart: 'writes',
  },
  ...PRODUCERS.flatMap((p): MetricSpec[] => [
    {
      key: `acked.${p}`,
      label: `Acknowledged, ${ACKS_LABEL[p]}`,
      unit: 'records',
      kind: 'counter',
      chart: 'writes',
    },
    {
      key: `sendErrors.${p}`,
      label: `Failed sends, ${ACKS_LABEL[p]}`,
      unit: 'sends',
      kind: 'counter',
      chart: 'writes',
      description: 'Sends that failed after kafkajs’s retries; their records are not counted.',
    },
    {
      key: `latency.${p}`,
      label: ACKS_LABEL[p],
      unit: 'ms',
      kind: 'histogram',
      chart: 'latency',
    },
    {
      key: `lost.${p}`,
      label: `Lost, ${ACKS_LABEL[p]}`,
      unit: 'records',
      kind: 'gauge',
      chart: 'outcome',
      description: 'Acknowledged to this producer, missing from a full read of its topic.',
    },
  ]),
  {
    key: 'lost',
    label: 'Lost (both)',
    unit: 'records',
    kind: 'gauge',
    chart: 'outcome',
  },
  {
    key: 'electionMs',
    label: 'Kill → new leaders',
    unit: 'ms',
    kind: 'gauge',
    chart: 'election',
    description:
      'From the kill to the first metadata answer giving every partition of both topics a live leader.',
  },
  {
    key: 'isr.p{n}',
    label: 'ISR, partition {n}',
    unit: 'replicas',
    kind: 'gauge',
    chart: 'isr',
  },
  {
    key: 'underReplicated',
    label: 'Under-replicated partitions',
    unit: 'partitions',
    kind: 'gauge',
    chart: 'isr',
    description: 'Partitions of both topics whose ISR is smaller than their replica list.',
  },
  {
    key: 'leader.p{n}',
    label: 'Leader, partition {n}',
    unit: 'node',
    kind: 'gauge',
    chart: 'leaders',
  },
];
