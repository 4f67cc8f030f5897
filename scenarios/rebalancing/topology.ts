import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import { partitionOwnerKey } from './metrics.ts';
import type { RebalancingParams } from './params.ts';

export function rebalancingTopology(params: RebalancingParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'producer', kind: 'producer', label: 'producer' },
    { id: 'topic', kind: 'topic', label: `topic (${params.partitions} partitions)` },
    {
      id: 'group',
      kind: 'group',
      label: params.protocol === 'eager' ? 'group (classic, eager)' : 'group (consumer protocol)',
      metric: 'rebalances',
    },
  ];
  for (let n = 0; n < params.partitions; n++) {
    nodes.push({ id: `partition-${n}`, kind: 'partition', label: `p${n}`, parent: 'topic' });
  }
  // Members that join later get higher numbers; draw room for the crashed ones' successors too.
  for (let i = 1; i <= params.consumers + params.crashed; i++) {
    nodes.push({ id: `consumer-${i}`, kind: 'consumer', label: `consumer-${i}`, parent: 'group' });
  }
  const owns = Array.from({ length: params.partitions }, (_, n) => ({
    from: `consumer-{${partitionOwnerKey(n)}}`,
    to: `partition-${n}`,
  }));
  return {
    nodes,
    edges: [
      { from: 'producer', to: 'topic', metric: 'produced.rate' },
      { from: 'topic', to: 'group', metric: 'consumed.rate' },
      ...owns,
    ],
  };
}
