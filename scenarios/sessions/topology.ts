import type { Topology } from '../src/sdk/contract.ts';
import type { SessionsParams } from './params.ts';

export function sessionsTopology(params: SessionsParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'users', kind: 'client', label: 'users', metric: 'activeSessions' },
      { id: 'redis', kind: 'cache', label: 'Redis session store', metric: 'sessionsInRedis' },
    ],
    edges: [],
  };
  for (let i = 1; i <= params.instances; i++) {
    topology.nodes.push({ id: `app${i}`, kind: 'client', label: `app instance ${i}` });
    topology.edges.push(
      { from: 'users', to: `app${i}`, metric: `served.i${i}.rate`, label: 'page view' },
      { from: `app${i}`, to: 'redis', metric: `served.i${i}.rate`, label: 'read + PEXPIRE' },
    );
  }
  return topology;
}
