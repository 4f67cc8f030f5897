import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** The gateway's routes, as short keys: `latency.product`… */
export type RouteKey = 'product' | 'profile' | 'order';
export const ROUTES: readonly RouteKey[] = ['product', 'profile', 'order'];
export const latencyKey = (route: RouteKey): string => `latency.${route}`;

export const apiGatewayCharts: ChartSpec[] = [
  {
    id: 'answers',
    title: 'What the gateway answered',
    unit: 'req/s',
    show: 'rate',
    description:
      'Every request the clients sent ends one way: served, refused at the edge (401: no valid token or session; 429: over the user’s rate), or an error.',
  },
  {
    id: 'latency',
    title: 'Latency of served requests, by route',
    unit: 'ms',
    description:
      'As the clients measured it. A profile waits for the slower of user-service and product-service; an order waits for the store, RabbitMQ and Kafka.',
  },
  {
    id: 'traces',
    title: 'Spans received from the services',
    unit: 'spans',
    description:
      'What the services exported over OTLP to the run: the "follow one request" view reads them.',
  },
];

export const apiGatewayMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Requests answered',
    unit: 'requests',
    kind: 'counter',
    chart: 'answers',
  },
  { key: 'served', label: 'Served (2xx)', unit: 'requests', kind: 'counter', chart: 'answers' },
  {
    key: 'rejected.auth',
    label: 'Refused: auth (401)',
    unit: 'requests',
    kind: 'counter',
    chart: 'answers',
    description: 'No token, a forged one, or a session that no longer exists.',
  },
  {
    key: 'rejected.rate',
    label: 'Refused: rate (429)',
    unit: 'requests',
    kind: 'counter',
    chart: 'answers',
  },
  {
    key: 'errors',
    label: 'Errors (5xx, no answer)',
    unit: 'requests',
    kind: 'counter',
    chart: 'answers',
  },
  {
    key: 'badTokens',
    label: 'Sent with a bad token',
    unit: 'requests',
    kind: 'counter',
    chart: 'answers',
    description: 'What the clients sent without a token or with a forged one.',
  },
  { key: 'orders', label: 'Orders placed', unit: 'orders', kind: 'counter', chart: 'answers' },
  { key: 'latency.product', label: 'GET product', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'latency.profile', label: 'GET profile', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'latency.order', label: 'POST order', unit: 'ms', kind: 'histogram', chart: 'latency' },
  { key: 'spans', label: 'Spans received', unit: 'spans', kind: 'gauge', chart: 'traces' },
];
