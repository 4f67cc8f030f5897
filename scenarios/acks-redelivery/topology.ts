import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { deliveredKey, inFlightKey } from './metrics.ts';
import type { AcksParams } from './params.ts';

export function acksTopology(params: AcksParams): Topology {
  const manual = params.ackMode === 'manual';
  const nodes: TopologyNode[] = [
    { id: 'publisher', kind: 'producer', label: 'publisher' },
    { id: 'exchange', kind: 'exchange', label: 'default exchange' },
    {
      id: 'queue',
      kind: 'queue',
      label: `work queue (${params.ackMode} ack)`,
      metric: 'queueDepth',
    },
  ];
  const edges: TopologyEdge[] = [
    { from: 'publisher', to: 'exchange', metric: 'confirmed.rate' },
    { from: 'exchange', to: 'queue', label: 'routing key = queue name' },
  ];
  for (let i = 1; i <= params.consumers; i++) {
    nodes.push({
      id: `consumer-${i}`,
      kind: 'consumer',
      label: `consumer ${i}`,
      metric: inFlightKey(i),
    });
    edges.push({ from: 'queue', to: `consumer-${i}`, metric: `${deliveredKey(i)}.rate` });
  }
  // Under manual ack a crash sends what the consumer held back to the queue; under auto ack
  // there is no way back, and the picture draws none.
  if (manual) {
    edges.push({
      from: 'consumer-1',
      to: 'queue',
      metric: 'requeued.rate',
      label: 'requeued on a crash',
    });
  }
  return { nodes, edges };
}
