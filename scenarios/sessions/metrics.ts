import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const sessionsCharts: ChartSpec[] = [
  {
    id: 'sessions',
    title: 'Live sessions',
    unit: 'sessions',
    description:
      'The sessions the app believes exist (logged in, used within the TTL) beside the session keys Redis holds (SCAN).',
  },
  {
    id: 'lifecycle',
    title: 'Logins and endings',
    unit: 'sessions/s',
    show: 'rate',
    description: 'Sessions begin with a login and end by logout (DEL) or by idling out (TTL).',
  },
  {
    id: 'traffic',
    title: 'Requests per instance',
    unit: 'req/s',
    show: 'rate',
    description:
      'Every request goes to a random instance; a handoff is one served by a different instance than the user’s previous request.',
  },
  {
    id: 'latency',
    title: 'Session read latency',
    unit: 'ms',
    description: 'A page view’s read of its session, which also slides its TTL (one Lua call).',
  },
];

export const sessionsMetrics: MetricSpec[] = [
  {
    key: 'activeSessions',
    label: 'Alive (app)',
    unit: 'sessions',
    kind: 'gauge',
    chart: 'sessions',
    description: 'Sessions the app believes exist: not logged out, used within their TTL.',
  },
  {
    key: 'sessionsInRedis',
    label: 'In Redis (SCAN)',
    unit: 'sessions',
    kind: 'gauge',
    chart: 'sessions',
    description: 'Session keys Redis holds, counted with SCAN every half second.',
  },
  { key: 'logins', label: 'Logins', unit: 'sessions', kind: 'counter', chart: 'lifecycle' },
  {
    key: 'loggedOut',
    label: 'Logged out',
    unit: 'sessions',
    kind: 'counter',
    chart: 'lifecycle',
    description: 'Logouts whose DEL removed the session (Redis answered 1).',
  },
  {
    key: 'expired',
    label: 'Idled out',
    unit: 'sessions',
    kind: 'counter',
    chart: 'lifecycle',
    description:
      'Sessions unused for a whole TTL by the app’s clock: Redis should have dropped them.',
  },
  {
    key: 'sessionsLost',
    label: 'Lost mid-visit',
    unit: 'sessions',
    kind: 'counter',
    chart: 'lifecycle',
    description: 'Page views that found the session gone: the user paused longer than the TTL.',
  },
  {
    key: 'pageViews',
    label: 'Page views',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
  },
  {
    key: 'handoffs',
    label: 'Handoffs',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description: 'Requests served by another instance than the user’s previous one.',
  },
  {
    key: 'served.i{i}',
    label: 'Instance {i}',
    unit: 'requests',
    kind: 'counter',
    chart: 'traffic',
    description: 'Logins and page views this instance served.',
  },
  { key: 'readLatency', label: 'Session read', unit: 'ms', kind: 'histogram', chart: 'latency' },
];
