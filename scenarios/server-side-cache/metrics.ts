import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { MODES } from './page.ts';
import type { Mode } from './page.ts';

export const key = {
  requests: (m: Mode) => `requests.${m}`,
  dbQueries: (m: Mode) => `dbQueries.${m}`,
  stale: (m: Mode) => `stale.${m}`,
  latency: (m: Mode) => `latency.${m}`,
  queriesPerRead: (m: Mode) => `queriesPerRead.${m}`,
};

const MODE_LABEL: Record<Mode, string> = {
  none: 'no cache',
  response: 'response cache',
  query: 'query cache',
  object: 'object cache',
};
export const modeLabel = (m: Mode): string => MODE_LABEL[m];

export const serverSideCacheCharts: ChartSpec[] = [
  {
    id: 'db',
    title: 'Database load: SQL statements per second, per API copy',
    unit: 'queries/s',
    show: 'rate',
    description:
      'Each copy has its own SQLite database, which counts the statements it executes. All four get the same reads and writes.',
  },
  {
    id: 'perRead',
    title: 'Statements per page read (last 3 s)',
    unit: 'queries/read',
    description:
      'The database’s count over the clients’ count. Without a cache every page costs 3 statements.',
  },
  { id: 'latency', title: 'Page latency, as the HTTP clients see it', unit: 'ms' },
  {
    id: 'stale',
    title: 'Stale pages',
    unit: 'reads',
    show: 'total',
    description:
      'Pages showing a product at an older version than the database held when the request was sent.',
  },
  { id: 'traffic', title: 'Requests', unit: 'req/s', show: 'rate' },
];

export const serverSideCacheMetrics: MetricSpec[] = [
  ...MODES.map((m): MetricSpec => ({
    key: key.dbQueries(m),
    label: modeLabel(m),
    unit: 'queries',
    kind: 'counter',
    chart: 'db',
    description: `SELECTs the ${modeLabel(m)} copy’s database executed, counted by the database layer.`,
  })),
  {
    key: 'dbQueries',
    label: 'All four databases',
    unit: 'queries',
    kind: 'counter',
    chart: 'db',
  },
  ...MODES.map((m): MetricSpec => ({
    key: key.queriesPerRead(m),
    label: modeLabel(m),
    unit: 'queries/read',
    kind: 'gauge',
    chart: 'perRead',
  })),
  ...MODES.map((m): MetricSpec => ({
    key: key.latency(m),
    label: modeLabel(m),
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  })),
  ...MODES.map((m): MetricSpec => ({
    key: key.stale(m),
    label: modeLabel(m),
    unit: 'reads',
    kind: 'counter',
    chart: 'stale',
  })),
  {
    key: 'stale',
    label: 'All four',
    unit: 'reads',
    kind: 'counter',
    chart: 'stale',
    description: 'Stale pages over every copy, judged against each copy’s own database.',
  },
  ...MODES.map((m): MetricSpec => ({
    key: key.requests(m),
    label: `reads, ${modeLabel(m)}`,
    unit: 'reads',
    kind: 'counter',
    chart: 'traffic',
  })),
  {
    key: 'writes',
    label: 'Writes (to all four)',
    unit: 'writes',
    kind: 'counter',
    chart: 'traffic',
    description: 'Price updates every copy acknowledged (PUT answered 204).',
  },
  {
    key: 'errors',
    label: 'Failed requests',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description: 'Reads that got no page (an error status or a broken connection).',
  },
];
