import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const uniqueVisitorsCharts: ChartSpec[] = [
  {
    id: 'counts',
    title: 'Unique visitors, three ways',
    unit: 'visitors',
    description:
      'SCARD of the set and BITCOUNT of the bitmap are exact; PFCOUNT of the HyperLogLog is an estimate. The lines lie on top of each other.',
  },
  {
    id: 'error',
    title: 'HyperLogLog error against the exact count',
    unit: '%',
    description:
      '(PFCOUNT − SCARD) / SCARD, read together in one MULTI. Redis promises 0.81% standard error.',
  },
  {
    id: 'memory',
    title: 'Memory each structure takes (MEMORY USAGE)',
    unit: 'bytes',
    description:
      'The set grows with every new visitor; the HyperLogLog stops at about 12 KB of registers; the bitmap grows with the largest id, not with the count.',
  },
  {
    id: 'traffic',
    title: 'Visits',
    unit: 'visits/s',
    show: 'rate',
  },
];

export const uniqueVisitorsMetrics: MetricSpec[] = [
  {
    key: 'visits',
    label: 'Visits',
    unit: 'visits',
    kind: 'counter',
    chart: 'traffic',
    description: 'Page views Redis acknowledged (each one SADD, PFADD and SETBIT, in one MULTI).',
  },
  {
    key: 'exact',
    label: 'Set (SCARD)',
    unit: 'visitors',
    kind: 'gauge',
    chart: 'counts',
    description: 'Members of the set: the exact count of different visitors.',
  },
  {
    key: 'hll',
    label: 'HyperLogLog (PFCOUNT)',
    unit: 'visitors',
    kind: 'gauge',
    chart: 'counts',
    description: "The HyperLogLog's estimate of the number of different visitors.",
  },
  {
    key: 'bitmap',
    label: 'Bitmap (BITCOUNT)',
    unit: 'visitors',
    kind: 'gauge',
    chart: 'counts',
    description: 'Bits set in the bitmap, one per visitor id seen: exact.',
  },
  {
    key: 'hllErrorPct',
    label: 'HyperLogLog error',
    unit: '%',
    kind: 'gauge',
    chart: 'error',
    description:
      '(PFCOUNT − SCARD) / SCARD × 100: above zero it overestimates, below it underestimates.',
  },
  {
    key: 'memory.set',
    label: 'Set',
    unit: 'bytes',
    kind: 'gauge',
    chart: 'memory',
    description: 'MEMORY USAGE of the set (Redis samples a few members to estimate it).',
  },
  {
    key: 'memory.hll',
    label: 'HyperLogLog',
    unit: 'bytes',
    kind: 'gauge',
    chart: 'memory',
    description: 'MEMORY USAGE of the HyperLogLog: small while sparse, then fixed once dense.',
  },
  {
    key: 'memory.bitmap',
    label: 'Bitmap',
    unit: 'bytes',
    kind: 'gauge',
    chart: 'memory',
    description: 'MEMORY USAGE of the bitmap: one bit per possible id up to the largest seen.',
  },
];
