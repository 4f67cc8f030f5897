import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const distributedLockCharts: ChartSpec[] = [
  {
    id: 'lock',
    title: 'Lock grants and refusals',
    unit: 'per second',
    show: 'rate',
    description: 'SET NX PX answered: granted (with a fencing token), or taken by someone else.',
  },
  {
    id: 'holders',
    title: 'Clients that believe they hold the lock',
    unit: 'clients',
    description: 'Never more than 1 while holders finish within the TTL; 2 is an overlap.',
  },
  {
    id: 'safety',
    title: 'Overlaps and stale writes',
    unit: 'events',
    show: 'total',
    description:
      'Grants made while another client still believed it held the lock, writes carrying a token older than the newest grant, and those the storage refused.',
  },
  {
    id: 'storage',
    title: 'The storage: its value and what it acknowledged',
    unit: 'increments',
    show: 'total',
    description:
      'Each holder adds 1. Without fencing a late write puts back an old value: the value falls behind the acknowledged increments by the increments lost.',
  },
  {
    id: 'hold',
    title: 'How long each hold lasted',
    unit: 'ms',
    description:
      "From the grant to the release, by the holder's own clock: a stalled hold outlives lockTtlMs.",
  },
];

const counter = (
  key: string,
  label: string,
  unit: string,
  chart: string,
  description: string,
): MetricSpec => ({ key, label, unit, kind: 'counter', chart, description });

export const distributedLockMetrics: MetricSpec[] = [
  counter('acquired', 'Granted', 'grants', 'lock', 'Locks granted, each with a fencing token.'),
  counter('contended', 'Taken', 'attempts', 'lock', 'Attempts refused because the lock was held.'),
  counter(
    'lockLost',
    'Lock gone at release',
    'holds',
    'lock',
    "Releases that found the lock expired or someone else's (compare-and-delete answered 0).",
  ),
  {
    key: 'holders',
    label: 'Believe they hold',
    unit: 'clients',
    kind: 'gauge',
    chart: 'holders',
  },
  counter(
    'overlaps',
    'Overlaps',
    'grants',
    'safety',
    'Grants made while another client still believed it held the lock: two holders at once.',
  ),
  counter(
    'staleWrites',
    'Stale writes',
    'writes',
    'safety',
    'Writes whose token was older than the newest grant the clients had heard of.',
  ),
  counter(
    'staleWritesRejected',
    'Refused by the storage',
    'writes',
    'safety',
    'Writes the storage refused for carrying an older token than one it had seen (fencing).',
  ),
  counter('pauses', 'Stalls', 'holds', 'safety', 'Holds in which the holder stalled for pauseMs.'),
  {
    key: 'storageValue',
    label: 'Storage value',
    unit: 'increments',
    kind: 'gauge',
    chart: 'storage',
    description: 'The counter the storage holds.',
  },
  counter(
    'acknowledged',
    'Acknowledged increments',
    'increments',
    'storage',
    'Writes the storage told a client it accepted.',
  ),
  {
    key: 'lostIncrements',
    label: 'Increments lost',
    unit: 'increments',
    kind: 'gauge',
    chart: 'storage',
    description:
      "From the storage's log, net: increments overwritten by writes based on an older read (acknowledged − value).",
  },
  { key: 'holdMs', label: 'Hold', unit: 'ms', kind: 'histogram', chart: 'hold' },
];
