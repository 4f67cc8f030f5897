import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** A consumer slot's own count; slots are numbered from 1 and keep it across restarts. */
export const slotReceivedKey = (slot: number): string => `received.c${slot}`;

export const pubsubVsStreamsCharts: ChartSpec[] = [
  {
    id: 'flow',
    title: 'Published and received',
    unit: 'events/s',
    show: 'rate',
    description:
      'Every event goes to both. Pub/sub drops to zero while its subscriber is away; the stream dips when a consumer crashes and catches up.',
  },
  {
    id: 'loss',
    title: 'Lost, abandoned, claimed',
    unit: 'events',
    show: 'total',
    description:
      'Pub/sub loses what Redis sent to no one. The stream keeps what a crashed consumer abandoned until another claims it.',
  },
  {
    id: 'pending',
    title: 'Stream entries delivered but not yet acknowledged (XPENDING)',
    unit: 'entries',
  },
  {
    id: 'listeners',
    title: 'Listening now',
    unit: 'clients',
    description:
      'Subscribers on the channel, as Redis counts them (PUBSUB NUMSUB), and consumers running.',
  },
  {
    id: 'latency',
    title: 'From publish to handled',
    unit: 'ms',
    description:
      'Pub/sub: until the subscriber got the message. Stream: until a consumer acknowledged the entry, after working on its batch; a claimed entry waited for its claim.',
  },
  {
    id: 'consumers',
    title: 'Stream entries per consumer',
    unit: 'entries/s',
    show: 'rate',
  },
];

export const pubsubVsStreamsMetrics: MetricSpec[] = [
  {
    key: 'published',
    label: 'Published',
    unit: 'events',
    kind: 'counter',
    chart: 'flow',
    description: 'Events sent: one PUBLISH and one XADD each.',
  },
  {
    key: 'received.pubsub',
    label: 'Pub/sub subscriber',
    unit: 'events',
    kind: 'counter',
    chart: 'flow',
    description: 'Messages the subscriber received on the channel.',
  },
  {
    key: 'received.stream',
    label: 'Stream consumers',
    unit: 'events',
    kind: 'counter',
    chart: 'flow',
    description: 'Entries the group’s consumers processed and acknowledged (XACK).',
  },
  {
    key: 'lost.pubsub',
    label: 'Lost by pub/sub',
    unit: 'events',
    kind: 'counter',
    chart: 'loss',
    description: 'PUBLISHes Redis delivered to no subscriber (it replied 0): gone for good.',
  },
  {
    key: 'abandoned',
    label: 'Abandoned by crashed consumers',
    unit: 'entries',
    kind: 'counter',
    chart: 'loss',
    description: 'Entries a consumer read and never acknowledged before it crashed.',
  },
  {
    key: 'claimed',
    label: 'Claimed (XAUTOCLAIM)',
    unit: 'entries',
    kind: 'counter',
    chart: 'loss',
    description: 'Entries idle in another consumer’s pending list that a live consumer took over.',
  },
  {
    key: 'pending',
    label: 'Pending (XPENDING)',
    unit: 'entries',
    kind: 'gauge',
    chart: 'pending',
    description:
      'Entries the group delivered and no consumer acknowledged yet, as Redis counts them.',
  },
  {
    key: 'subscribers',
    label: 'Subscribers (PUBSUB NUMSUB)',
    unit: 'clients',
    kind: 'gauge',
    chart: 'listeners',
  },
  {
    key: 'consumersUp',
    label: 'Consumers running',
    unit: 'clients',
    kind: 'gauge',
    chart: 'listeners',
  },
  {
    key: 'latency.pubsub',
    label: 'Pub/sub',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'latency.stream',
    label: 'Stream (to XACK)',
    unit: 'ms',
    kind: 'histogram',
    chart: 'latency',
  },
  {
    key: 'received.c{i}',
    label: 'Consumer {i}',
    unit: 'entries',
    kind: 'counter',
    chart: 'consumers',
    description: 'Entries this consumer slot processed, across its restarts.',
  },
];
