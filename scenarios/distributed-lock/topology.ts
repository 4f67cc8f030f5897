import type { Topology } from '../src/sdk/contract.ts';
import type { DistributedLockParams } from './params.ts';

export function distributedLockTopology(params: DistributedLockParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'clients', kind: 'client', label: `${params.clients} clients` },
      { id: 'lock', kind: 'cache', label: 'Redis: lock + fencing counter', metric: 'holders' },
      {
        id: 'storage',
        kind: 'origin',
        label: params.fencing ? 'storage (checks tokens)' : 'storage (no fencing)',
        metric: 'storageValue',
      },
    ],
    edges: [
      { from: 'clients', to: 'lock', metric: 'acquired.rate', label: 'SET NX PX + INCR' },
      { from: 'clients', to: 'storage', metric: 'acknowledged.rate', label: 'read, write + token' },
    ],
  };
  if (params.fencing) {
    topology.edges.push({
      from: 'storage',
      to: 'clients',
      metric: 'staleWritesRejected.rate',
      label: 'refused: old token',
    });
  }
  return topology;
}
