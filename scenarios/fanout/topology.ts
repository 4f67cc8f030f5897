import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import type { FanoutParams } from './params.ts';
import { deliveredKey, queueDepthKey } from './metrics.ts';

export function fanoutTopology(params: FanoutParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'publisher', kind: 'producer', label: 'publisher' },
    { id: 'exchange', kind: 'exchange', label: 'fanout exchange' },
  ];
  const edges: TopologyEdge[] = [{ from: 'publisher', to: 'exchange', metric: 'published.rate' }];
  for (let i = 1; i <= params.subscribers; i++) {
    const slow = i === 1 && params.slowSubscriberDelayMs > 0;
    nodes.push(
      { id: `queue-${i}`, kind: 'queue', label: `queue ${i}`, metric: queueDepthKey(i) },
      {
        id: `subscriber-${i}`,
        kind: 'consumer',
        label: slow ? `subscriber ${i} (slow)` : `subscriber ${i}`,
      },
    );
    // Every queue gets a copy of every publish, so the exchange → queue edges all carry its rate.
    edges.push(
      { from: 'exchange', to: `queue-${i}`, metric: 'published.rate', label: 'copy' },
      { from: `queue-${i}`, to: `subscriber-${i}`, metric: `${deliveredKey(i)}.rate` },
    );
  }
  return { nodes, edges };
}
