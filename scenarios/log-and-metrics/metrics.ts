import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';
import { SHOP_SERVICES } from '../src/sdk/index.ts';

/** Keys per service: what came through Kafka, and what the service's own /metrics says. */
export const keys = {
  requests: (s: string) => `requests.${s}`,
  errors: (s: string) => `errors.${s}`,
  errorRate: (s: string) => `errorRate.${s}`,
  latency: (s: string) => `latency.${s}`,
  ownRequests: (s: string) => `metrics.requests.${s}`,
  ownErrors: (s: string) => `metrics.errors.${s}`,
  ownErrorRate: (s: string) => `metrics.errorRate.${s}`,
  ownP99: (s: string) => `metrics.p99.${s}`,
};

export const logAndMetricsCharts: ChartSpec[] = [
  {
    id: 'errorRate',
    title: 'Error rate per service, from the log stream',
    unit: 'ratio',
    description:
      'Error logs / requests over the last 5 s, per service, computed by the aggregator from the records that came through Kafka.',
  },
  {
    id: 'ownErrorRate',
    title: 'Error rate per service, from its own /metrics',
    unit: 'ratio',
    description:
      '5xx answers / answers over the last 5 s, from each service’s http_server_requests_total (all its instances), scraped every second.',
  },
  {
    id: 'latency',
    title: 'Latency per service, from the log stream',
    unit: 'ms',
    description: 'Every request’s duration as shipped through Kafka: exact percentiles.',
  },
  {
    id: 'ownLatency',
    title: 'p99 latency per service, from its own histogram',
    unit: 'ms',
    description:
      'histogram_quantile(0.99) over each service’s http_server_duration_seconds buckets: interpolated within a bucket, so only as precise as the buckets.',
  },
  {
    id: 'requests',
    title: 'Requests per service, from the log stream',
    unit: 'req/s',
    show: 'rate',
  },
  {
    id: 'errors',
    title: 'Error logs per service, from the log stream',
    unit: 'logs/s',
    show: 'rate',
  },
  {
    id: 'own',
    title: 'Requests and errors in the services’ own /metrics',
    unit: 'requests',
    description: 'Running totals, to hold against the log stream’s totals.',
  },
  {
    id: 'logs',
    title: 'Records through Kafka',
    unit: 'records/s',
    show: 'rate',
    description:
      'Everything the aggregator read from the log topic: request records and error logs.',
  },
];

export const logAndMetricsMetrics: MetricSpec[] = [
  {
    key: 'logs',
    label: 'Records read',
    unit: 'records',
    kind: 'counter',
    chart: 'logs',
    description: 'Records the aggregator read from the log topic.',
  },
  ...SHOP_SERVICES.flatMap((s): MetricSpec[] => [
    { key: keys.requests(s), label: s, unit: 'requests', kind: 'counter', chart: 'requests' },
    { key: keys.errors(s), label: s, unit: 'logs', kind: 'counter', chart: 'errors' },
    { key: keys.errorRate(s), label: s, unit: 'ratio', kind: 'gauge', chart: 'errorRate' },
    { key: keys.latency(s), label: s, unit: 'ms', kind: 'histogram', chart: 'latency' },
    {
      key: keys.ownRequests(s),
      label: `${s} requests`,
      unit: 'requests',
      kind: 'gauge',
      chart: 'own',
    },
    { key: keys.ownErrors(s), label: `${s} 5xx`, unit: 'requests', kind: 'gauge', chart: 'own' },
    { key: keys.ownErrorRate(s), label: s, unit: 'ratio', kind: 'gauge', chart: 'ownErrorRate' },
    { key: keys.ownP99(s), label: s, unit: 'ms', kind: 'gauge', chart: 'ownLatency' },
  ]),
];
