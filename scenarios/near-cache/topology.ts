import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import type { NearCacheParams } from './params.ts';

const VIA = {
  tracking: '__redis__:invalidate (tracking)',
  pubsub: 'PUBLISH → subscribers',
  off: undefined,
};

export function nearCacheTopology(params: NearCacheParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'redis', kind: 'cache', label: 'Redis (L2)', metric: 'l2Hits.rate' },
    { id: 'origin', kind: 'origin', label: 'origin', metric: 'misses.rate' },
    { id: 'writer', kind: 'client', label: 'writer' },
  ];
  const edges: TopologyEdge[] = [];
  const via = VIA[params.invalidation];
  for (let i = 1; i <= params.instances; i++) {
    const id = `instance-${i}`;
    nodes.push({ id, kind: 'cache', label: `instance ${i}: L1 LRU (${params.l1MaxEntries})` });
    edges.push(
      { from: id, to: 'redis', metric: 'l2Hits.rate', label: 'GET on L1 miss' },
      { from: id, to: 'origin', metric: 'misses.rate', label: 'load on L2 miss' },
    );
    if (via !== undefined) {
      edges.push({ from: 'redis', to: id, metric: 'invalidations.rate', label: via });
    }
  }
  edges.push({
    from: 'writer',
    to: 'instance-1',
    metric: 'writes.rate',
    label: 'write (any instance)',
  });
  return { nodes, edges };
}
