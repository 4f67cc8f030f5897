import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { QUEUE_KINDS } from './params.ts';

export const rabbitmqQuorumCharts: ChartSpec[] = [
  {
    id: 'publishing',
    title: 'Confirmed and failed publishes',
    unit: 'msg/s',
    show: 'rate',
    description:
      'Each publisher’s confirms and failures (nacks, or unconfirmed when its connection closed). The gap after the kill is how long each queue could not take a message.',
  },
  {
    id: 'outage',
    title: 'Publishing unavailable',
    unit: 'ms',
    description:
      'How long publishing to each queue has failed so far: from a failure until the next confirm.',
  },
  {
    id: 'outcome',
    title: 'After the run: a full drain',
    unit: 'messages',
    show: 'total',
    description:
      'Confirmed ids missing from a full drain of each queue after the run, and confirmed ones the drain could not reach (their node still down).',
  },
];

const perQueue = (
  key: string,
  label: string,
  rest: Omit<MetricSpec, 'key' | 'label'>,
): MetricSpec[] =>
  QUEUE_KINDS.map((q) => ({ key: `${key}.${q}`, label: `${label} (${q})`, ...rest }));

export const rabbitmqQuorumMetrics: MetricSpec[] = [
  ...perQueue('confirmed', 'Confirmed', { unit: 'msg', kind: 'counter', chart: 'publishing' }),
  ...perQueue('failed', 'Failed', { unit: 'msg', kind: 'counter', chart: 'publishing' }),
  ...perQueue('unavailableMs', 'Unavailable', { unit: 'ms', kind: 'gauge', chart: 'outage' }),
  {
    key: 'unavailableMs',
    label: 'Unavailable (the longer)',
    unit: 'ms',
    kind: 'gauge',
    chart: 'outage',
  },
  {
    key: 'confirmed',
    label: 'Confirmed (both)',
    unit: 'msg',
    kind: 'counter',
    chart: 'outcome',
  },
  ...perQueue('lost', 'Lost', {
    unit: 'msg',
    kind: 'gauge',
    chart: 'outcome',
    description: 'Confirmed, and missing from a full drain of the queue after the run.',
  }),
  { key: 'lost', label: 'Lost (both)', unit: 'msg', kind: 'gauge', chart: 'outcome' },
  {
    key: 'unreachable.classic',
    label: 'Unreachable (classic)',
    unit: 'msg',
    kind: 'gauge',
    chart: 'outcome',
    description:
      'Confirmed into the classic queue whose node is still down at the end: not readable, not known lost.',
  },
];
