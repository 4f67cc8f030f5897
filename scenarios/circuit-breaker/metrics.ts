import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const circuitBreakerCharts: ChartSpec[] = [
  {
    id: 'latency',
    title: 'Latency by route (clients)',
    unit: 'ms',
    description:
      'From a client sending a request to the gateway until its answer. The user route never calls product-service: when it slows down too, the slowness has cascaded through the gateway.',
  },
  {
    id: 'traffic',
    title: 'Requests, errors and fallbacks (clients)',
    unit: 'req/s',
    show: 'rate',
    description:
      'Errors are answers other than 2xx (and client timeouts); fallbacks are product answers the gateway served from the Redis cache.',
  },
  {
    id: 'breaker',
    title: 'The breaker (gateway /metrics)',
    unit: 'state',
    description:
      'The breaker around product-service, read from the gateway: 0 closed (calls go through), 1 half-open (one trial call), 2 open (calls refused at once). Protection is 1 while it is in use.',
  },
  {
    id: 'upstream',
    title: 'Load on product-service',
    unit: 'req/s',
    show: 'rate',
    description:
      'Attempts the gateway sent (its /metrics, retries included) and requests product-service received (its own /metrics). While the breaker is open both fall to zero.',
  },
  {
    id: 'pool',
    title: 'Gateway workers',
    unit: 'requests',
    description:
      'Requests the gateway is working on (at most gatewayWorkers) and those waiting in its line for a free worker.',
  },
];

export const circuitBreakerMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Requests',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description: 'Answers the clients received (or gave up waiting for), both routes.',
  },
  {
    key: 'errors',
    label: 'Errors',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description: 'Answers other than 2xx, refused connections and client timeouts, both routes.',
  },
  {
    key: 'errors.user',
    label: 'Errors on the user route',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description: 'Errors on the route that never calls product-service: the cascade.',
  },
  {
    key: 'fallbacks',
    label: 'Fallbacks',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description:
      'Product answers marked `x-fallback: cache`: served from Redis, not product-service.',
  },
  { key: 'latency', label: 'All routes', unit: 'ms', kind: 'histogram', chart: 'latency' },
  {
    key: 'latency.product',
    label: 'Product route',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'latency.user',
    label: 'User route (no product-service)',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'breakerState',
    label: 'Breaker state',
    unit: 'state',
    kind: 'gauge',
    chart: 'breaker',
    description: '0 closed, 1 half-open, 2 open (the gateway’s shop_gateway_breaker_state).',
  },
  {
    key: 'protection',
    label: 'Protection on',
    unit: 'on/off',
    kind: 'gauge',
    chart: 'breaker',
    description:
      '1 while the gateway calls product-service with protection (shop_gateway_protection).',
  },
  {
    key: 'productCalls',
    label: 'Attempts the gateway sent',
    unit: 'requests',
    kind: 'counter',
    chart: 'upstream',
  },
  {
    key: 'productReceived',
    label: 'Requests product-service received',
    unit: 'requests',
    kind: 'counter',
    chart: 'upstream',
  },
  {
    key: 'gatewayBusy',
    label: 'Working',
    unit: 'requests',
    kind: 'gauge',
    chart: 'pool',
  },
  {
    key: 'gatewayQueued',
    label: 'Waiting for a worker',
    unit: 'requests',
    kind: 'gauge',
    chart: 'pool',
  },
];
