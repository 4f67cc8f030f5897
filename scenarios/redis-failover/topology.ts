import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import type { RedisFailoverParams } from './params.ts';

export function redisFailoverTopology(p: RedisFailoverParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'writer-async', kind: 'producer', label: 'writer: SET (async)', metric: 'lostAsync' },
    { id: 'writer-wait', kind: 'producer', label: 'writer: SET + WAIT 1', metric: 'lostWait' },
    { id: 'sentinels', kind: 'group', label: 'Sentinels (quorum 2)' },
    { id: 'redis-1', kind: 'broker', label: 'redis-1 (primary at start)', faultNode: 'redis-1' },
    { id: 'redis-2', kind: 'broker', label: 'redis-2 (replica)', faultNode: 'redis-2' },
    { id: 'redis-3', kind: 'broker', label: 'redis-3 (replica)', faultNode: 'redis-3' },
  ];
  for (let i = 1; i <= 3; i++) {
    nodes.push({
      id: `sentinel-${i}`,
      kind: 'broker',
      label: `sentinel-${i}`,
      parent: 'sentinels',
      faultNode: `sentinel-${i}`,
    });
  }
  const cut = p.replicationCutMs > 0 ? ` (cut ${p.replicationCutMs} ms before the kill)` : '';
  const edges: TopologyEdge[] = [
    { from: 'writer-async', to: 'redis-1', metric: 'ackedAsync.rate', label: 'to the primary' },
    { from: 'writer-wait', to: 'redis-1', metric: 'ackedWait.rate', label: 'to the primary' },
    { from: 'writer-async', to: 'sentinels', label: 'where is the primary?' },
    { from: 'redis-1', to: 'redis-2', label: `replication${cut}` },
    { from: 'redis-1', to: 'redis-3', label: `replication${cut}` },
    { from: 'sentinels', to: 'redis-1', label: 'PING, INFO' },
  ];
  return { nodes, edges };
}
