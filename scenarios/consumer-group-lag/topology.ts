import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import type { ConsumerGroupLagParams } from './params.ts';
import { partitionLagKey, partitionOwnerKey } from './metrics.ts';

export function consumerGroupLagTopology(params: ConsumerGroupLagParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'producer', kind: 'producer', label: 'producer' },
    { id: 'topic', kind: 'topic', label: `topic (${params.partitions} partitions)` },
    { id: 'group', kind: 'group', label: 'consumer group', metric: 'lag' },
  ];
  for (let n = 0; n < params.partitions; n++) {
    nodes.push({
      id: `partition-${n}`,
      kind: 'partition',
      label: `p${n}`,
      metric: partitionLagKey(n),
      parent: 'topic',
    });
  }
  for (let i = 1; i <= params.consumers; i++) {
    nodes.push({ id: `consumer-${i}`, kind: 'consumer', label: `consumer-${i}`, parent: 'group' });
  }
  // Ownership, as the group last dealt the partitions out: the source names a gauge in braces,
  // so the edge goes from whichever member it reads now (none while it reads 0).
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
