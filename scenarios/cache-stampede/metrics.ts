import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const cacheStampedeCharts: ChartSpec[] = [
  {
    id: 'reads',
    title: 'Reads',
    unit: 'reads/s',
    show: 'rate',
    description:
      'What the readers got from Redis: a fresh value, nothing (a miss), or a stale value.',
  },
  {
    id: 'origin',
    title: 'Origin load',
    unit: 'ops/s',
    show: 'rate',
    description: 'Reads the origin served, against the expiries the readers ran into.',
  },
  {
    id: 'concurrency',
    title: 'Origin reads at once',
    unit: 'reads',
    description:
      'The most reads the origin was serving at the same moment: per tick, and over the whole run.',
  },
  {
    id: 'latency',
    title: 'Read latency',
    unit: 'ms',
    description: 'From a reader’s GET to its answer, waiting on the origin or a lock included.',
  },
  {
    id: 'waiting',
    title: 'Waiting and refreshing',
    unit: 'ops/s',
    show: 'rate',
    description: 'Lock retries by readers that did not get the lock, and early refreshes.',
  },
];

export const cacheStampedeMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Requests',
    unit: 'reads',
    kind: 'counter',
    chart: 'reads',
    description: 'Completed reads of a hot key.',
  },
  {
    key: 'hits',
    label: 'Fresh hits',
    unit: 'reads',
    kind: 'counter',
    chart: 'reads',
    description: 'Reads whose first GET found a fresh value.',
  },
  {
    key: 'misses',
    label: 'Misses',
    unit: 'reads',
    kind: 'counter',
    chart: 'reads',
    description: 'Reads whose first GET found nothing (Redis answered nil).',
  },
  {
    key: 'staleServed',
    label: 'Served stale',
    unit: 'reads',
    kind: 'counter',
    chart: 'reads',
    description: 'stale-while-revalidate: reads answered with a value past its freshness.',
  },
  {
    key: 'originReads',
    label: 'Origin reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'origin',
    description: 'Computations the origin served, counted by the origin itself.',
  },
  {
    key: 'expiries',
    label: 'Expiries',
    unit: 'expiries',
    kind: 'counter',
    chart: 'origin',
    description:
      'Times a key was found missing (or stale) after its previous refill: one per key per expiry, however many readers saw it.',
  },
  {
    key: 'lateExpiries',
    label: 'Expiries after the first fill',
    unit: 'expiries',
    kind: 'counter',
    chart: 'origin',
    description: 'Expiries of a key that had been cached before: what protection tries to avoid.',
  },
  {
    key: 'originInFlight',
    label: 'At once (this tick)',
    unit: 'reads',
    kind: 'gauge',
    chart: 'concurrency',
    description: 'The most origin reads running together since the previous tick.',
  },
  {
    key: 'originInFlightMax',
    label: 'At once (whole run)',
    unit: 'reads',
    kind: 'gauge',
    chart: 'concurrency',
    description: 'The most origin reads running together so far, as the origin counted them.',
  },
  {
    key: 'originReadsPerExpiry',
    label: 'Origin reads per expiry',
    unit: 'reads',
    kind: 'gauge',
    chart: 'concurrency',
    description:
      'originReads / expiries so far: about the waiting readers under none, 1 under lock.',
  },
  {
    key: 'lockWaits',
    label: 'Lock retries',
    unit: 'retries',
    kind: 'counter',
    chart: 'waiting',
    description: 'A reader that did not get the lock slept retryMs and looked again.',
  },
  {
    key: 'earlyRefreshes',
    label: 'Early refreshes',
    unit: 'refreshes',
    kind: 'counter',
    chart: 'waiting',
    description: 'early-refresh: a reader recomputed a value before it expired.',
  },
  { key: 'latency', label: 'All reads', unit: 'ms', kind: 'histogram', chart: 'latency' },
];
