import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const evictionCharts: ChartSpec[] = [
  {
    id: 'hitRatio',
    title: 'Hit ratio',
    unit: 'ratio',
    description:
      "The application readers' hits divided by their reads over the last 2 s: how well the policy keeps the hot set through the crawler's bursts.",
  },
  {
    id: 'memory',
    title: 'Memory',
    unit: 'bytes',
    description:
      "Redis's used_memory against its maxmemory: it climbs to the line and stays there.",
  },
  {
    id: 'evictions',
    title: 'Keys evicted and kept',
    unit: 'keys',
    description: 'evicted_keys from INFO (the server’s own count) and the keys it holds (DBSIZE).',
  },
  {
    id: 'traffic',
    title: 'Reads and refused writes',
    unit: 'ops/s',
    show: 'rate',
    description:
      'Every read is a hit or a miss; a miss fills the cache, unless Redis refuses (OOM).',
  },
  { id: 'latency', title: 'Read latency', unit: 'ms' },
];

export const evictionMetrics: MetricSpec[] = [
  { key: 'hitRatio', label: 'Hit ratio', unit: 'ratio', kind: 'gauge', chart: 'hitRatio' },
  {
    key: 'usedMemoryBytes',
    label: 'used_memory',
    unit: 'bytes',
    kind: 'gauge',
    chart: 'memory',
    description: 'INFO memory used_memory of the private Redis.',
  },
  { key: 'maxmemoryBytes', label: 'maxmemory', unit: 'bytes', kind: 'gauge', chart: 'memory' },
  {
    key: 'evictedKeys',
    label: 'Evicted (INFO)',
    unit: 'keys',
    kind: 'gauge',
    chart: 'evictions',
    description: 'INFO stats evicted_keys: keys Redis dropped to stay under maxmemory.',
  },
  {
    key: 'keysInCache',
    label: 'Keys held (DBSIZE)',
    unit: 'keys',
    kind: 'gauge',
    chart: 'evictions',
  },
  {
    key: 'reads',
    label: 'App reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
    description: 'Zipf reads of the application: the hit ratio is theirs.',
  },
  {
    key: 'scanReads',
    label: 'Crawler reads',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
    description: 'One-off reads of the crawler bursts: every one a miss and a fill.',
  },
  {
    key: 'hits',
    label: 'Hits (all GETs)',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'misses',
    label: 'Misses (all GETs)',
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'fills',
    label: 'Cache fills',
    unit: 'keys',
    kind: 'counter',
    chart: 'traffic',
    description:
      'SET NX after a miss that created the key (a concurrent fill of the same key is not counted twice).',
  },
  {
    key: 'oomErrors',
    label: 'OOM refusals',
    unit: 'writes',
    kind: 'counter',
    chart: 'traffic',
    description: 'Fills Redis refused with "OOM command not allowed when used memory > maxmemory".',
  },
  { key: 'readLatency', label: 'Read', unit: 'ms', kind: 'histogram', chart: 'latency' },
];
