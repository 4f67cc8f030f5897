import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const eventSourcingCharts: ChartSpec[] = [
  {
    id: 'events',
    title: 'Events written, applied and replayed',
    unit: 'events/s',
    show: 'rate',
    description:
      'Applied follows written while the view is live; during a rebuild replayed spikes far above it as the view reads the whole log again.',
  },
  {
    id: 'balances',
    title: 'Total balance: the view against the bank’s ledger',
    unit: 'units',
    description: 'A dropped view falls to 0 and climbs back to the ledger’s line as it replays.',
  },
  {
    id: 'log',
    title: 'The log, and how far the view is behind it',
    unit: 'events',
  },
  { id: 'rebuildTime', title: 'Time of the last rebuild', unit: 'ms' },
  { id: 'replaySpeed', title: 'Replay speed of the last rebuild', unit: 'events/s' },
];

export const eventSourcingMetrics: MetricSpec[] = [
  {
    key: 'events',
    label: 'Written',
    unit: 'events',
    kind: 'counter',
    chart: 'events',
    description: 'Account events Kafka acknowledged to the bank.',
  },
  {
    key: 'applied',
    label: 'Applied to the view',
    unit: 'events',
    kind: 'counter',
    chart: 'events',
    description: 'Events the balance view folded in, live or replayed.',
  },
  {
    key: 'replayed',
    label: 'Replayed',
    unit: 'events',
    kind: 'counter',
    chart: 'events',
    description: 'Events a rebuild read again, up to the log end it set out for.',
  },
  {
    key: 'rejected',
    label: 'Withdrawals refused',
    unit: 'commands',
    kind: 'counter',
    chart: 'events',
    description:
      'Withdrawals the bank refused (not enough money): a refused command writes no event.',
  },
  {
    key: 'viewBalance',
    label: 'View',
    unit: 'units',
    kind: 'gauge',
    chart: 'balances',
    description: 'The sum of balances in the balance view (0 while it is dropped).',
  },
  {
    key: 'ledgerBalance',
    label: 'Bank’s ledger',
    unit: 'units',
    kind: 'gauge',
    chart: 'balances',
    description: 'The sum of balances in the bank’s own books, from the events Kafka acknowledged.',
  },
  {
    key: 'logEvents',
    label: 'Events in the log',
    unit: 'events',
    kind: 'gauge',
    chart: 'log',
    description: 'Log-end offsets summed over partitions, from Kafka: what a rebuild must replay.',
  },
  {
    key: 'viewBehind',
    label: 'View behind the log',
    unit: 'events',
    kind: 'gauge',
    chart: 'log',
    description: 'Events in the log the view has not applied yet.',
  },
  {
    key: 'rebuildMs',
    label: 'Rebuild time',
    unit: 'ms',
    kind: 'gauge',
    chart: 'rebuildTime',
    description: 'From dropping the view to its catching up with the log end it set out for.',
  },
  {
    key: 'replayRate',
    label: 'Replay speed',
    unit: 'events/s',
    kind: 'gauge',
    chart: 'replaySpeed',
    description: 'Events the last rebuild replayed, divided by its time.',
  },
  {
    key: 'rebuilds',
    label: 'Rebuilds',
    unit: 'rebuilds',
    kind: 'counter',
    chart: 'rebuildTime',
  },
];
