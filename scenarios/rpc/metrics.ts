import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Servers are numbered from 1, as on the topology picture; server 1 is the one made slow. */
export const answeredKey = (i: number): string => `answered.s${i}`;

export const rpcCharts: ChartSpec[] = [
  {
    id: 'calls',
    title: 'Requests and what became of them',
    unit: 'req/s',
    show: 'rate',
    description:
      'Each request ends one way at its client: a reply in time, or a timeout. A timed-out request is still answered, later, and that reply is discarded.',
  },
  { id: 'rtt', title: 'Round trip (request sent → its reply matched)', unit: 'ms' },
  { id: 'servers', title: 'Answered per server', unit: 'req/s', show: 'rate' },
  {
    id: 'waiting',
    title: 'Waiting',
    unit: 'requests',
    description:
      'Ready in the request queue (RabbitMQ), and sent but neither answered nor given up on (the clients).',
  },
];

export const rpcMetrics: MetricSpec[] = [
  {
    key: 'requests',
    label: 'Requests sent',
    unit: 'requests',
    kind: 'counter',
    chart: 'calls',
  },
  {
    key: 'replies',
    label: 'Replies in time',
    unit: 'replies',
    kind: 'counter',
    chart: 'calls',
    description: 'Replies matched by correlation id to a request its client still waited for.',
  },
  {
    key: 'timeouts',
    label: 'Timeouts',
    unit: 'requests',
    kind: 'counter',
    chart: 'calls',
    description: 'Requests whose client gave up before the reply came.',
  },
  {
    key: 'lateReplies',
    label: 'Late replies (discarded)',
    unit: 'replies',
    kind: 'counter',
    chart: 'calls',
    description: 'Replies to requests their client had already given up on.',
  },
  { key: 'rtt', label: 'Round trip', unit: 'ms', kind: 'histogram', chart: 'rtt' },
  {
    key: 'answered.s{i}',
    label: 'Server {i}',
    unit: 'requests',
    kind: 'counter',
    chart: 'servers',
  },
  {
    key: 'requestQueueDepth',
    label: 'Request queue (RabbitMQ)',
    unit: 'requests',
    kind: 'gauge',
    chart: 'waiting',
    description: "checkQueue's messageCount: ready requests, not those a server holds unacked.",
  },
  {
    key: 'waiting',
    label: 'Awaiting a reply (clients)',
    unit: 'requests',
    kind: 'gauge',
    chart: 'waiting',
  },
];
