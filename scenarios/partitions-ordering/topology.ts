import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import { lagKey, memberKey, producedKey } from './metrics.ts';
import type { PartitionsOrderingParams } from './params.ts';

export function partitionsOrderingTopology(params: PartitionsOrderingParams): Topology {
  const nodes: TopologyNode[] = [
    {
      id: 'producer',
      kind: 'producer',
      label: params.keyed ? 'producer (keyed)' : 'producer (no key)',
    },
    { id: 'topic', kind: 'topic', label: `topic (${params.partitions} partitions)` },
    { id: 'group', kind: 'group', label: 'consumer group', metric: 'orderViolations' },
  ];
  const edges = [];
  for (let n = 0; n < params.partitions; n++) {
    nodes.push({
      id: `p${n}`,
      kind: 'partition',
      label: `p${n}`,
      metric: lagKey(n),
      parent: 'topic',
    });
    edges.push({ from: 'producer', to: `p${n}`, metric: `${producedKey(n)}.rate` });
  }
  for (let i = 1; i <= params.consumers; i++) {
    nodes.push({
      id: `consumer-${i}`,
      kind: 'consumer',
      label: `consumer-${i}`,
      metric: `${memberKey(i)}.rate`,
      parent: 'group',
    });
  }
  edges.push({ from: 'topic', to: 'group' });
  return { nodes, edges };
}
