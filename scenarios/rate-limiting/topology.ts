import type { Topology } from '../src/sdk/contract.ts';
import { ALGORITHMS } from './lua/commands.ts';
import { algorithmLabel, allowedKey, maxInWindowKey } from './metrics.ts';
import type { RateLimitingParams } from './params.ts';

export function rateLimitingTopology(params: RateLimitingParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'clients', kind: 'client', label: `${params.clients} clients` },
      { id: 'api', kind: 'origin', label: 'protected API' },
    ],
    edges: [],
  };
  for (const a of ALGORITHMS) {
    // Each limiter's node shows the most it let one client make within a window.
    topology.nodes.push({
      id: a,
      kind: 'limiter',
      label: algorithmLabel(a),
      metric: maxInWindowKey(a),
    });
    topology.edges.push(
      { from: 'clients', to: a, label: 'every request' },
      { from: a, to: 'api', metric: `${allowedKey(a)}.rate`, label: 'allowed' },
    );
  }
  return topology;
}
