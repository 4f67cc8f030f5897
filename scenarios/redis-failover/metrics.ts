import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import type { WriterKind } from './params.ts';

const NAMES: Record<WriterKind, string> = { async: 'Async', wait: 'Wait' };
export const ackedKey = (w: WriterKind): string => `acked${NAMES[w]}`;
export const lostKey = (w: WriterKind): string => `lost${NAMES[w]}`;
export const errorsKey = (w: WriterKind): string => `writeErrors${NAMES[w]}`;
export const latencyKey = (w: WriterKind): string => `latency${NAMES[w]}`;

/** How far an acknowledgement's stamp may trail the reply (event-loop lag on a busy machine). */
export const CUT_BLUR_MS = 150;

/** Facts the run records for the checks. */
export const factKeys = {
  killAtMs: 'killAtMs',
  killed: 'killedNode',
  acked: (w: WriterKind) => `acked.${w}`,
  survived: (w: WriterKind) => `survived.${w}`,
  lossWindowMs: 'lossWindowMs',
  /** Writes acknowledged from just after the replication cut to the primary's death. */
  ackedInCut: (w: WriterKind) => `ackedInCut.${w}`,
  /** The same from just before the cut: the most the cut can explain. */
  ackedNearCut: (w: WriterKind) => `ackedNearCut.${w}`,
  /** Writes acknowledged from the last WAIT 1 a replica confirmed to the primary's death. */
  ackedSinceConfirmed: (w: WriterKind) => `ackedSinceConfirmed.${w}`,
  cutMs: 'cutMs',
  /** How long before the kill the last WAIT 1 that a replica confirmed was sent. */
  confirmedMs: 'confirmedMs',
  failoverMs: 'failoverMs',
  switchMasterMs: 'switchMasterMs',
  primaryBySentinel: 'primaryBySentinel',
  primaryByRole: 'primaryByRole',
} as const;

export const redisFailoverCharts: ChartSpec[] = [
  {
    id: 'writes',
    title: 'Writes',
    unit: 'writes/s',
    show: 'rate',
    description:
      'Acknowledged writes of each writer, and the errors while no primary answers (the failover gap).',
  },
  {
    id: 'lost',
    title: 'Lost after the failover',
    unit: 'writes',
    description:
      'Acknowledged writes missing on the new primary (a fresh read of every acknowledged key), for each writer.',
  },
  {
    id: 'failover',
    title: 'Failover',
    unit: 'ms',
    description:
      "From the kill to the writers' first acknowledged write on the new primary, and to Sentinel's +switch-master.",
  },
  {
    id: 'latency',
    title: 'Write latency',
    unit: 'ms',
    description: 'WAIT 1 waits for a replica to confirm: a round trip more than a plain write.',
  },
];

export const redisFailoverMetrics: MetricSpec[] = [
  { key: 'acked', label: 'Acknowledged (both)', unit: 'writes', kind: 'counter', chart: 'writes' },
  {
    key: 'ackedAsync',
    label: 'Acknowledged, async',
    unit: 'writes',
    kind: 'counter',
    chart: 'writes',
  },
  {
    key: 'ackedWait',
    label: 'Acknowledged, WAIT 1',
    unit: 'writes',
    kind: 'counter',
    chart: 'writes',
  },
  {
    key: 'writeErrors',
    label: 'Failed or unconfirmed',
    unit: 'writes',
    kind: 'counter',
    chart: 'writes',
    description: 'Refused, cut off by the kill, or (WAIT) no replica confirmed in time.',
  },
  {
    key: 'writeErrorsAsync',
    label: 'Failed, async',
    unit: 'writes',
    kind: 'counter',
    chart: 'writes',
  },
  {
    key: 'writeErrorsWait',
    label: 'Failed or unconfirmed, WAIT 1',
    unit: 'writes',
    kind: 'counter',
    chart: 'writes',
  },
  { key: 'lost', label: 'Lost (both)', unit: 'writes', kind: 'gauge', chart: 'lost' },
  { key: 'lostAsync', label: 'Lost, async', unit: 'writes', kind: 'gauge', chart: 'lost' },
  { key: 'lostWait', label: 'Lost, WAIT 1', unit: 'writes', kind: 'gauge', chart: 'lost' },
  {
    key: 'failoverMs',
    label: 'Writes resumed',
    unit: 'ms',
    kind: 'gauge',
    chart: 'failover',
    description: "From the kill to the writers' first acknowledged write after it.",
  },
  {
    key: 'switchMasterMs',
    label: 'Sentinel switched',
    unit: 'ms',
    kind: 'gauge',
    chart: 'failover',
    description: 'From the kill to the +switch-master message a Sentinel published.',
  },
  { key: 'latencyAsync', label: 'Async', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'latencyWait', label: 'WAIT 1', unit: 'ms', kind: 'histogram', chart: 'latency' },
];
