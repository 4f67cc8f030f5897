import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const cacheAsideCharts: ChartSpec[] = [
  {
    id: 'traffic',
    title: 'Reads: hits and misses',
    unit: 'reads/s',
    show: 'rate',
    description: 'Every read is a hit or a miss, so the two lines add up to the requests line.',
  },
  {
    id: 'origin',
    title: 'Origin database load',
    unit: 'ops/s',
    show: 'rate',
    description: 'What reaches SQLite: one read per cache miss, plus every write.',
  },
  {
    id: 'hitRatio',
    title: 'Hit ratio',
    unit: 'ratio',
    description:
      'Hits divided by requests: since the run started, and over the last 3 s, where a TTL expiry wave shows as a dip (0 = cold cache, 1 = all hits).',
  },
  {
    id: 'latency',
    title: 'Read latency',
    unit: 'ms',
    description:
      'A hit costs one Redis round trip; a miss adds the origin read and the SET that fills the cache.',
  },
  {
    id: 'staleness',
    title: 'Stale reads',
    unit: 'reads',
    show: 'total',
    description: 'Hits that returned an older version of a product than the origin held.',
  },
];

export const cacheAsideMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Requests',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
    description: 'Completed product reads.',
  },
  {
    key: 'hits',
    label: 'Hits',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
    description: 'Reads answered by Redis (GET found the key).',
  },
  {
    key: 'misses',
    label: 'Misses',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
    description: 'Reads that found no key and went to the origin, then filled the cache.',
  },
  {
    key: 'originReads',
    label: 'Origin reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'origin',
    description:
      'Product SELECTs the SQLite origin served, counted by the origin itself: one per miss.',
  },
  {
    key: 'writes',
    label: 'Writes',
    unit: 'writes',
    kind: 'counter',
    chart: 'origin',
    description: 'Price updates (UPDATE … version = version + 1), then the write strategy.',
  },
  {
    key: 'hitRatio',
    label: 'Hit ratio',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'hitRatio',
    description: 'hits / requests so far.',
  },
  {
    key: 'hitRatioRecent',
    label: 'Hit ratio, last 3 s',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'hitRatio',
    description: 'hits / requests over the last 3 seconds: expiry waves and TTL changes show here.',
  },
  {
    key: 'latency',
    label: 'All reads',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'hitLatency',
    label: 'Hits',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'missLatency',
    label: 'Misses',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'staleReads',
    label: 'Stale reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'staleness',
    description:
      'Hits whose cached version was older than the origin’s version when the read was sent.',
  },
];
