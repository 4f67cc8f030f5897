import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { LAYOUTS } from './params.ts';
import type { Layout } from './params.ts';

const LABEL: Record<Layout, string> = {
  json: 'JSON string',
  hash: 'hash per object',
  bucketed: 'bucketed hashes',
};

export const dataStructuresCharts: ChartSpec[] = [
  {
    id: 'memory',
    title: 'Memory per layout (MEMORY USAGE)',
    unit: 'bytes',
    description:
      'The sum of MEMORY USAGE over every key of a layout, measured after each (re)write: the same objects, three costs.',
  },
  {
    id: 'usedMemory',
    title: 'used_memory (INFO)',
    unit: 'bytes',
    description: 'The whole server, climbing one layout at a time as each is written.',
  },
  {
    id: 'encoding',
    title: 'Keys kept as listpack',
    unit: 'ratio',
    description:
      'Share of the hash keys Redis keeps as a compact listpack rather than a hashtable (OBJECT ENCODING).',
  },
  { id: 'read', title: 'Read a whole object', unit: 'ms' },
  { id: 'update', title: 'Update one field', unit: 'ms' },
  { id: 'traffic', title: 'Operations', unit: 'ops/s', show: 'rate' },
];

export const dataStructuresMetrics: MetricSpec[] = [
  ...LAYOUTS.map((l): MetricSpec => ({
    key: `memory.${l}`,
    label: LABEL[l],
    unit: 'bytes',
    kind: 'gauge',
    chart: 'memory',
  })),
  {
    key: 'usedMemory',
    label: 'used_memory',
    unit: 'bytes',
    kind: 'gauge',
    chart: 'usedMemory',
  },
  ...(['hash', 'bucketed'] as const).map((l): MetricSpec => ({
    key: `listpack.${l}`,
    label: LABEL[l],
    unit: 'ratio',
    kind: 'gauge',
    chart: 'encoding',
  })),
  ...LAYOUTS.map((l): MetricSpec => ({
    key: `read.${l}`,
    label: LABEL[l],
    unit: 'ms',
    kind: 'histogram',
    chart: 'read',
    description:
      l === 'json'
        ? 'GET and parse'
        : l === 'hash'
          ? 'HGETALL'
          : 'HMGET of its fields in the bucket',
  })),
  ...LAYOUTS.map((l): MetricSpec => ({
    key: `update.${l}`,
    label: LABEL[l],
    unit: 'ms',
    kind: 'histogram',
    chart: 'update',
    description:
      l === 'json' ? 'GET, change, SET the whole string: two round trips' : 'HSET of one field',
  })),
  {
    key: 'reads',
    label: 'Reads (each layout)',
    unit: 'ops',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'updates',
    label: 'Updates (each layout)',
    unit: 'ops',
    kind: 'counter',
    chart: 'traffic',
  },
];
