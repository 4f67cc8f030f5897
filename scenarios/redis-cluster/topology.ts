import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import type { RedisClusterParams } from './params.ts';

// redis-cli --cluster create makes the first three nodes primaries; which replica follows which
// primary is its choice, so the picture pairs them only loosely.
export function redisClusterTopology(p: RedisClusterParams): Topology {
  const nodes: TopologyNode[] = [
    {
      id: 'client',
      kind: 'client',
      label: `cluster client, ${p.opsPerSec} ops/s`,
      metric: 'ops.rate',
    },
  ];
  const edges: TopologyEdge[] = [];
  for (let i = 1; i <= 6; i++) {
    const primary = i <= 3;
    const killed = p.killAtSec > 0 && p.killNode === `redis-${i}` ? ' (killed)' : '';
    nodes.push({
      id: `redis-${i}`,
      kind: 'broker',
      label: `redis-${i} (${primary ? 'primary' : 'replica'})${killed}`,
      metric: `slots.redis-${i}`,
      faultNode: `redis-${i}`,
    });
    if (primary) edges.push({ from: 'client', to: `redis-${i}`, label: 'by slot' });
  }
  if (p.reshardAtSec > 0) {
    edges.push({
      from: 'redis-1',
      to: 'redis-2',
      metric: 'moved.rate',
      label: "reshard: redis-1's users' slots",
    });
  }
  return { nodes, edges };
}
