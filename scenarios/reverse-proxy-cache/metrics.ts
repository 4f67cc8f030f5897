import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { NGINX_CACHE_STATUSES } from '../src/sdk/nginx.ts';
import type { NginxCacheStatus } from '../src/sdk/nginx.ts';

export const reverseProxyCacheCharts: ChartSpec[] = [
  {
    id: 'statuses',
    title: 'nginx’s verdict on each request (X-Cache-Status)',
    unit: 'req/s',
    show: 'rate',
    description:
      'Read by the clients from the header nginx adds to every answer. HIT: from the cache. MISS: not cached, fetched. EXPIRED: cached but too old, fetched again. STALE: the old copy, served because the origin failed or is being refreshed in the background. UPDATING: the old copy, while another request refreshes it. REVALIDATED: the origin said 304. BYPASS: the client asked nginx to skip its cache.',
  },
  {
    id: 'traffic',
    title: 'Requests: clients and origin',
    unit: 'req/s',
    show: 'rate',
    description:
      'What the clients sent to nginx, against what reached the origin (counted by the origin itself): the gap is what the cache saved.',
  },
  {
    id: 'hitRatio',
    title: 'Answered from the cache',
    unit: 'ratio',
    description:
      'HIT, STALE and UPDATING answers (their body came from nginx’s cache) over all answers so far.',
  },
  {
    id: 'latency',
    title: 'Latency by cache status',
    unit: 'ms',
    description:
      'As the clients measured it, answers in full only (errors apart). Answers from the cache skip the origin’s delay; MISS, EXPIRED, BYPASS and REVALIDATED pay it.',
  },
  {
    id: 'errors',
    title: 'Errors the clients got',
    unit: 'req',
    show: 'total',
    description:
      'Answers of 500 and above (502 when nginx found the origin down and had no copy it could serve), and requests that got no answer at all.',
  },
];

const verdicts: Record<NginxCacheStatus, string> = {
  HIT: 'Served from the cache, fresh.',
  MISS: 'Not in the cache: nginx fetched it from the origin (and stored it).',
  EXPIRED: 'In the cache but past its max-age: nginx fetched it again and the client waited.',
  STALE:
    'Past its max-age, served anyway: the origin failed or timed out, or a background update was started for it.',
  UPDATING: 'Past its max-age, served anyway while another request is refreshing it.',
  REVALIDATED:
    'Past its max-age; a conditional request got 304 from the origin, so the copy was kept.',
  BYPASS: 'The request carried X-Cache-Bypass: nginx skipped its cache and asked the origin.',
};

export const reverseProxyCacheMetrics: MetricSpec[] = [
  ...NGINX_CACHE_STATUSES.map((status): MetricSpec => ({
    key: `status.${status}`,
    label: status,
    unit: 'req',
    kind: 'counter',
    chart: 'statuses',
    description: verdicts[status],
  })),
  {
    key: 'requests',
    label: 'Client requests',
    unit: 'req',
    kind: 'counter',
    chart: 'traffic',
    description: 'Requests the clients completed (answered, errors included).',
  },
  {
    key: 'originRequests',
    label: 'Origin requests',
    unit: 'req',
    kind: 'counter',
    chart: 'traffic',
    description:
      'Requests that reached the origin, counted by the origin itself: nginx’s fetches, background updates and revalidations.',
  },
  {
    key: 'hitRatio',
    label: 'From cache',
    unit: 'ratio',
    kind: 'gauge',
    chart: 'hitRatio',
    description: '(HIT + STALE + UPDATING) / requests, so far.',
  },
  ...NGINX_CACHE_STATUSES.map((status): MetricSpec => ({
    key: `latency.${status}`,
    label: status,
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  })),
  {
    key: 'errors',
    label: 'Errors',
    unit: 'req',
    kind: 'counter',
    chart: 'errors',
    description: 'Answers of 500 and above, and requests that got no answer.',
  },
];
