import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const transactionsCharts: ChartSpec[] = [
  {
    id: 'transfers',
    title: 'Transfers per second',
    unit: 'transfers/s',
    show: 'rate',
    description:
      'Completed transfers, and those declined because the balance could not cover them.',
  },
  {
    id: 'races',
    title: 'What the races cost',
    unit: 'per second',
    show: 'rate',
    description:
      'Lost updates (naive writes that landed on a value the worker had not read), WATCH conflicts that made a worker start again, and debits that left a balance below zero (incrby).',
  },
  {
    id: 'total',
    title: 'Money created or destroyed',
    unit: 'units',
    description:
      "Redis's total of all balances (one MGET, four times a second) minus the total at the start: 0 means conserved.",
  },
  {
    id: 'belowZero',
    title: 'Accounts below zero',
    unit: 'accounts',
    description: 'Balances Redis holds below zero, from the same MGET.',
  },
  {
    id: 'latency',
    title: 'Transfer latency',
    unit: 'ms',
    description: 'From the first read to the last write, retries included.',
  },
];

export const transactionsMetrics: MetricSpec[] = [
  {
    key: 'ops',
    label: 'Transfers',
    unit: 'transfers',
    kind: 'counter',
    chart: 'transfers',
    description: 'Transfers the workers completed (both balances written).',
  },
  {
    key: 'declined',
    label: 'Declined',
    unit: 'transfers',
    kind: 'counter',
    chart: 'transfers',
    description: 'Transfers refused because the source balance (as read) could not cover them.',
  },
  {
    key: 'lostUpdates',
    label: 'Lost updates',
    unit: 'updates',
    kind: 'counter',
    chart: 'races',
    description:
      "naive: SET … GET answered a value other than the one the worker read, so its write erased another worker's update.",
  },
  {
    key: 'retries',
    label: 'WATCH retries',
    unit: 'retries',
    kind: 'counter',
    chart: 'races',
    description:
      'watch: EXEC returned nil because a watched balance changed; the worker starts again.',
  },
  {
    key: 'overdrafts',
    label: 'Overdrafts',
    unit: 'debits',
    kind: 'counter',
    chart: 'races',
    description:
      'incrby: DECRBY answered a balance below zero (the check before it was out of date).',
  },
  {
    key: 'totalDrift',
    label: 'Total − initial total',
    unit: 'units',
    kind: 'gauge',
    chart: 'total',
    description: "Redis's sum of all balances minus accounts × initialBalance.",
  },
  {
    key: 'belowZero',
    label: 'Below zero',
    unit: 'accounts',
    kind: 'gauge',
    chart: 'belowZero',
  },
  {
    key: 'latency',
    label: 'Transfer',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
];
