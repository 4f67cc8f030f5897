import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { QUEUE_TYPES, confirmedKey, heldKey, throughputKey } from './metrics.ts';
import type { QueueTypesParams } from './params.ts';

export function queueTypesTopology(params: QueueTypesParams): Topology {
  const nodes: TopologyNode[] = [{ id: 'exchange', kind: 'exchange', label: 'default exchange' }];
  const edges: TopologyEdge[] = [];
  for (const type of QUEUE_TYPES) {
    nodes.push(
      { id: `publisher-${type}`, kind: 'producer', label: `publisher → ${type}` },
      { id: `queue-${type}`, kind: 'queue', label: `${type} queue`, metric: heldKey(type) },
      { id: `consumer-${type}`, kind: 'consumer', label: `${type} consumer` },
    );
    edges.push(
      { from: `publisher-${type}`, to: 'exchange', metric: `${confirmedKey(type)}.rate` },
      { from: 'exchange', to: `queue-${type}`, metric: `${confirmedKey(type)}.rate` },
      { from: `queue-${type}`, to: `consumer-${type}`, metric: `${throughputKey(type)}.rate` },
    );
  }
  nodes.push({
    id: 'replay',
    kind: 'consumer',
    label: `replay from offset ${params.replayFromOffset}`,
  });
  edges.push({ from: 'queue-stream', to: 'replay', metric: 'replayed.rate', label: 'replay' });
  return { nodes, edges };
}
