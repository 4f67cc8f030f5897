import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Where an answer came from: the edge's cache, the shield's, or the origin. */
export type Tier = 'edge' | 'shield' | 'origin';
export const TIERS: readonly Tier[] = ['edge', 'shield', 'origin'];

export const cdnTiersCharts: ChartSpec[] = [
  {
    id: 'servedBy',
    title: 'Where the answers came from',
    unit: 'req/s',
    show: 'rate',
    description:
      'Read by the clients from the headers: the edge’s X-Cache-Status says whether it answered from its cache; when it went upstream, X-Upstream-Cache-Status says whether the shield did, or the origin.',
  },
  {
    id: 'hitRatio',
    title: 'Hit ratio per tier',
    unit: 'ratio',
    description:
      'Edge: answers from the edges’ caches over all answers. Shield: answers from the shield’s cache over the requests that got past an edge.',
  },
  {
    id: 'latency',
    title: 'Latency by where the answer came from',
    unit: 'ms',
    description:
      'An edge hit costs the distance to the edge; a shield hit adds the trip to the shield; an origin answer adds the origin’s delay too.',
  },
  {
    id: 'edgeLatency',
    title: 'Edge hits, by edge',
    unit: 'ms',
    description: 'The same cached answer, from edges at different distances from their clients.',
  },
  {
    id: 'traffic',
    title: 'Requests per edge, and at the origin',
    unit: 'req/s',
    show: 'rate',
    description:
      'What each edge’s clients sent, and what reached the origin (counted by the origin).',
  },
  {
    id: 'purge',
    title: 'A new version spreading',
    unit: 'ms',
    description:
      'After the origin publishes a new version: how long until every edge serves it. nginx (open source) has no purge, so it spreads as the entries expire, shield first.',
  },
  {
    id: 'freshness',
    title: 'Outdated answers',
    unit: 'req/s',
    show: 'rate',
    description:
      'Answers carrying an older version than the origin served when the request was sent.',
  },
];

export const cdnTiersMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Answers',
    unit: 'req',
    kind: 'counter',
    chart: 'servedBy',
    description: 'Requests the clients completed.',
  },
  ...TIERS.map((tier): MetricSpec => ({
    key: `servedBy.${tier}`,
    label: `From the ${tier}`,
    unit: 'req',
    kind: 'counter',
    chart: 'servedBy',
  })),
  {
    key: 'hitRatio.edge',
    label: 'Edges',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'hitRatio',
    description: 'Answers from an edge’s cache / all answers, so far (the clients’ view).',
  },
  {
    key: 'hitRatio.shield',
    label: 'Shield',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'hitRatio',
    description: 'Answers from the shield’s cache / answers that got past an edge, so far.',
  },
  ...TIERS.map((tier): MetricSpec => ({
    key: `latency.${tier}`,
    label: `From the ${tier}`,
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  })),
  {
    key: 'edgeHitLatency.e{i}',
    label: 'Edge {i}',
    unit: 'ms',
    kind: 'histogram',
    chart: 'edgeLatency',
  },
  {
    key: 'requests.edge{i}',
    label: 'Edge {i}',
    unit: 'req',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'originRequests',
    label: 'Origin',
    unit: 'req',
    kind: 'counter',
    chart: 'traffic',
    description:
      'Requests the origin received, by its own count: the shield’s misses and expiries.',
  },
  {
    key: 'purgeMs',
    label: 'Until every edge serves it',
    unit: 'ms',
    kind: 'gauge',
    chart: 'purge',
    description:
      'For the latest new version: from its publication at the origin to the first answer carrying it from the last edge to serve it (each edge probed every 100 ms).',
  },
  {
    key: 'outdated',
    label: 'Outdated',
    unit: 'req',
    kind: 'counter',
    chart: 'freshness',
  },
  {
    key: 'errors',
    label: 'Errors',
    unit: 'req',
    kind: 'counter',
    chart: 'freshness',
    description: 'Answers of 500 and above, and requests that got no answer.',
  },
];
