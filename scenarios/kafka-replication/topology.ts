import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { ACKS_LABEL, PRODUCERS } from './facts.ts';
import { leaderKey } from './metrics.ts';
import type { KafkaReplicationParams } from './params.ts';

const NODES = [1, 2, 3];

export function kafkaReplicationTopology(p: KafkaReplicationParams): Topology {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  for (const name of PRODUCERS) {
    nodes.push(
      { id: `producer-${name}`, kind: 'producer', label: `producer, ${ACKS_LABEL[name]}` },
      {
        id: `topic-${name}`,
        kind: 'topic',
        label: `${ACKS_LABEL[name]} topic (RF 3, ${p.partitions} partitions)`,
        metric: `lost.${name}`,
      },
    );
    edges.push({ from: `producer-${name}`, to: `topic-${name}`, metric: `acked.${name}.rate` });
  }
  // Drawn to whichever node leads each partition now (both topics share the leaders): the
  // arrows move at the election.
  for (let n = 0; n < p.partitions; n++) {
    for (const name of PRODUCERS) {
      edges.push({ from: `topic-${name}`, to: `kafka-{${leaderKey(n)}}`, label: `p${n} leader` });
    }
  }
  for (const node of NODES) {
    nodes.push({
      id: `kafka-${node}`,
      kind: 'broker',
      label: `kafka-${node}${node === p.leaderNode ? ' (leads at the start, killed)' : ''}`,
      faultNode: `kafka-${node}`,
    });
  }
  return { nodes, edges };
}
