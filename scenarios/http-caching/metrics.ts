import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const httpCachingCharts: ChartSpec[] = [
  {
    id: 'answers',
    title: 'Where the answers came from',
    unit: 'req/s',
    show: 'rate',
    description:
      'Every answer a client got is one of three: from its own cache (no network), a 304 revalidation (the origin said "unchanged", the cached body was reused) or a full 200.',
  },
  {
    id: 'origin',
    title: 'Requests reaching the origin',
    unit: 'req/s',
    show: 'rate',
    description:
      "Counted by the origin itself. The clients' revalidations and full fetches, plus stale-while-revalidate refreshes sent after the answer; the learner's browser is counted apart.",
  },
  {
    id: 'bytes',
    title: 'Body bytes: over the network and from cache',
    unit: 'B/s',
    show: 'rate',
    description: 'A 304 moves no body: the cached one is reused. Only full 200s carry bytes.',
  },
  {
    id: 'cacheRatio',
    title: 'Answered from cache',
    unit: 'ratio',
    description: 'Answers from the clients’ own caches, over all answers so far.',
  },
  {
    id: 'latency',
    title: 'Answer latency by source',
    unit: 'ms',
    description:
      'From cache: no network at all. A revalidation costs the round trip and originDelayMs, like a full fetch, but no body.',
  },
  {
    id: 'freshness',
    title: 'Outdated and stale answers',
    unit: 'answers',
    show: 'total',
    description:
      'Outdated: the origin already served a newer version when the request was sent. Stale: served past its max-age under stale-while-revalidate.',
  },
  {
    id: 'outdatedAge',
    title: 'How far behind an outdated answer was',
    unit: 'ms',
    description:
      "Time from the origin's new version to a client still answering with the old one: bounded by max-age (+ stale-while-revalidate).",
  },
];

export const httpCachingMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Answers',
    unit: 'req',
    kind: 'counter',
    chart: 'answers',
    description: 'Requests the clients completed.',
  },
  {
    key: 'fromCache',
    label: 'From cache',
    unit: 'req',
    kind: 'counter',
    chart: 'answers',
    description: 'Answered by the client’s own cache: no request left it (seen below the cache).',
  },
  {
    key: 'revalidated',
    label: 'Revalidated (304)',
    unit: 'req',
    kind: 'counter',
    chart: 'answers',
    description: 'The cache asked the origin (If-None-Match / If-Modified-Since) and got a 304.',
  },
  {
    key: 'full',
    label: 'Full (200)',
    unit: 'req',
    kind: 'counter',
    chart: 'answers',
    description: 'The answer came over the network in full.',
  },
  {
    key: 'errors',
    label: 'Errors',
    unit: 'req',
    kind: 'counter',
    chart: 'answers',
    description: 'Requests that failed without an answer.',
  },
  {
    key: 'originRequests',
    label: 'Origin requests (load)',
    unit: 'req',
    kind: 'counter',
    chart: 'origin',
    description: 'Requests from the clients, as the origin counted them.',
  },
  {
    key: 'backgroundRevalidations',
    label: 'Background refreshes',
    unit: 'req',
    kind: 'counter',
    chart: 'origin',
    description:
      'stale-while-revalidate: requests a cache sent after answering with its stale copy.',
  },
  {
    key: 'browserRequests',
    label: 'Your browser',
    unit: 'req',
    kind: 'counter',
    chart: 'origin',
    description:
      'Requests from the panel (through the playground server), as the origin counted them.',
  },
  {
    key: 'bytes',
    label: 'Over the network',
    unit: 'B',
    kind: 'counter',
    chart: 'bytes',
    description: 'Body bytes the clients received from the origin, counted below their caches.',
  },
  {
    key: 'bytesFromCache',
    label: 'From cache',
    unit: 'B',
    kind: 'counter',
    chart: 'bytes',
    description: 'Body bytes of answers from cache or reused after a 304.',
  },
  {
    key: 'cacheRatio',
    label: 'From cache',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'cacheRatio',
    description: 'fromCache / requests so far.',
  },
  { key: 'latency.cache', label: 'From cache', unit: 'ms', kind: 'histogram', chart: 'latency' },
  {
    key: 'latency.revalidated',
    label: 'Revalidated (304)',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  { key: 'latency.full', label: 'Full (200)', unit: 'ms', kind: 'histogram', chart: 'latency' },
  {
    key: 'outdated',
    label: 'Outdated',
    unit: 'answers',
    kind: 'counter',
    chart: 'freshness',
    description:
      'Answers older than the version the origin served when the request was sent (x-origin-version).',
  },
  {
    key: 'staleServed',
    label: 'Served stale',
    unit: 'answers',
    kind: 'counter',
    chart: 'freshness',
    description: 'Answers from cache past their max-age, within stale-while-revalidate.',
  },
  {
    key: 'outdatedMs',
    label: 'Behind the origin by',
    unit: 'ms',
    kind: 'histogram',
    chart: 'outdatedAge',
  },
];
