import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { instanceName, requestsKey } from './metrics.ts';
import type { ServiceDiscoveryParams } from './params.ts';

export function serviceDiscoveryTopology(params: ServiceDiscoveryParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'clients', kind: 'client', label: `${params.clients} users`, metric: 'latency.p50' },
    { id: 'gateway', kind: 'limiter', label: 'gateway (round-robin)', faultNode: 'gateway-1' },
    {
      id: 'registry',
      kind: 'cache',
      label: `registry in Redis (TTL ${params.ttlMs} ms)`,
      metric: 'instances',
    },
  ];
  const edges: TopologyEdge[] = [
    { from: 'clients', to: 'gateway', label: 'GET /api/products/:id', metric: 'errors.rate' },
    { from: 'gateway', to: 'registry', label: 'SCAN every 250 ms' },
  ];
  for (let i = 1; i <= params.instances; i++) {
    const name = instanceName(i);
    const killed = i === 1 && params.killAtSec > 0;
    nodes.push({
      id: name,
      kind: 'origin',
      label: killed ? `${name} (killed at ${params.killAtSec} s)` : name,
      metric: `${requestsKey(name)}.rate`,
      faultNode: name,
    });
    edges.push(
      { from: 'gateway', to: name, metric: `${requestsKey(name)}.rate` },
      { from: name, to: 'registry', label: 'heartbeat' },
    );
  }
  return { nodes, edges };
}
