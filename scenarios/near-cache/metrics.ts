import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const nearCacheCharts: ChartSpec[] = [
  {
    id: 'reads',
    title: 'Reads by where they were answered',
    unit: 'reads/s',
    show: 'rate',
    description:
      'L1: the instance’s own memory. L2: Redis. Miss: neither; loaded from the origin (counted by the origin).',
  },
  { id: 'hitRatio', title: 'L1 hit ratio', unit: 'ratio' },
  {
    id: 'coherence',
    title: 'Writes and the invalidations Redis delivered',
    unit: 'per s',
    show: 'rate',
    description:
      'Each write reaches the other instances as one invalidation each (tracking also announces the first fill of a key).',
  },
  {
    id: 'stale',
    title: 'Stale L1 reads',
    unit: 'reads',
    show: 'total',
    description:
      'L1 hits that served an older version than Redis held just before the read (a fresh GET on a connection of the observer’s own).',
  },
  {
    id: 'staleness',
    title: 'Staleness window: write acknowledged → old value gone from another instance’s L1',
    unit: 'ms',
  },
  { id: 'latency', title: 'Read latency by level', unit: 'ms' },
];

export const nearCacheMetrics: MetricSpec[] = [
  { key: 'reads', label: 'Reads', unit: 'reads', kind: 'counter', chart: 'reads' },
  { key: 'l1Hits', label: 'L1 hits', unit: 'reads', kind: 'counter', chart: 'reads' },
  { key: 'l2Hits', label: 'L2 hits (Redis)', unit: 'reads', kind: 'counter', chart: 'reads' },
  {
    key: 'misses',
    label: 'Misses (origin loads)',
    unit: 'reads',
    kind: 'counter',
    chart: 'reads',
    description: 'Loads the origin served, counted by the origin.',
  },
  {
    key: 'l1HitRatio',
    label: 'L1 hits / reads, last second',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'hitRatio',
  },
  {
    key: 'writes',
    label: 'Writes',
    unit: 'writes',
    kind: 'counter',
    chart: 'coherence',
    description: 'Writes acknowledged by Redis.',
  },
  {
    key: 'invalidations',
    label: 'Invalidations delivered',
    unit: 'keys',
    kind: 'counter',
    chart: 'coherence',
    description: 'Item keys Redis pushed to the instances’ invalidation connections.',
  },
  {
    key: 'staleReads',
    label: 'Stale reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'stale',
  },
  {
    key: 'stalenessMs',
    label: 'Staleness window',
    unit: 'ms',
    kind: 'histogram',
    chart: 'staleness',
    description:
      'From the write’s acknowledgement to the moment another instance’s L1 dropped the old value (or stored the new one).',
  },
  { key: 'latency.l1', label: 'L1 hit', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'latency.l2', label: 'L2 hit', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'latency.miss', label: 'Miss', unit: 'ms', kind: 'histogram', chart: 'latency' },
  {
    key: 'errors',
    label: 'Failed reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'reads',
    description: 'Reads that got no value (a Redis error).',
  },
];
