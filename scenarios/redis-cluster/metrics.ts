import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

/** Facts the run records for the checks. */
export const factKeys = {
  clientMoved: 'client.moved',
  clientAsk: 'client.ask',
  serverMoved: 'server.moved',
  serverAsk: 'server.ask',
  slotsPlanned: 'reshard.slotsPlanned',
  keysMigrated: 'reshard.keysMigrated',
  slotsOwnedByTarget: 'reshard.slotsOwnedByTarget',
  keysLeftOnSource: 'reshard.keysLeftOnSource',
  keysOnTarget: 'reshard.keysOnTarget',
  tagTransaction: 'tags.transactionOk',
  crossSlotClient: 'tags.crossSlotRefused',
  crossSlotServer: 'tags.crossSlotServer',
  killed: 'kill.node',
  killedSlots: 'kill.slots',
  replicaOfKilled: 'kill.replica',
  promotedSlots: 'kill.promotedSlots',
  promotedRole: 'kill.promotedRole',
  clusterState: 'kill.clusterState',
} as const;

export const redisClusterCharts: ChartSpec[] = [
  {
    id: 'ops',
    title: 'Operations',
    unit: 'ops/s',
    show: 'rate',
    description: 'Acknowledged operations and failed ones (the kill).',
  },
  {
    id: 'redirects',
    title: 'Redirects',
    unit: 'replies',
    show: 'total',
    description:
      'MOVED (the slot lives elsewhere now) and ASK (the slot is moving; ask the target this once), as the client followed them.',
  },
  {
    id: 'slots',
    title: 'Keys per primary',
    unit: 'keys',
    description: 'DBSIZE of each node that is a primary now (a replica shows 0).',
  },
  {
    id: 'latency',
    title: 'Operation latency',
    unit: 'ms',
    description:
      'A redirect costs a round trip; a failover holds the slots’ operations until the replica takes over.',
  },
];

export const redisClusterMetrics: MetricSpec[] = [
  { key: 'ops', label: 'Acknowledged', unit: 'ops', kind: 'counter', chart: 'ops' },
  { key: 'errors', label: 'Failed', unit: 'ops', kind: 'counter', chart: 'ops' },
  { key: 'moved', label: 'MOVED', unit: 'replies', kind: 'counter', chart: 'redirects' },
  { key: 'ask', label: 'ASK', unit: 'replies', kind: 'counter', chart: 'redirects' },
  {
    key: 'slotsMoved',
    label: 'Slots moved',
    unit: 'slots',
    kind: 'gauge',
    chart: 'redirects',
    description: 'Slots the reshard has handed to redis-2 so far.',
  },
  {
    key: 'slots.redis-{i}',
    label: 'redis-{i}',
    unit: 'keys',
    kind: 'gauge',
    chart: 'slots',
    description: 'Keys held by this node while it is a primary (DBSIZE).',
  },
  { key: 'opLatency', label: 'Operation', unit: 'ms', kind: 'histogram', chart: 'latency' },
];
