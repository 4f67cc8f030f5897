import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { bindingSet, bindingText } from './bindings.ts';
import { routedKey } from './metrics.ts';
import type { RoutingParams } from './params.ts';

export function routingTopology(params: RoutingParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'publisher', kind: 'producer', label: 'publisher' },
    { id: 'exchange', kind: 'exchange', label: `${params.exchangeType} exchange` },
  ];
  const edges: TopologyEdge[] = [{ from: 'publisher', to: 'exchange', metric: 'published.rate' }];
  for (const queue of bindingSet(params)) {
    const key = routedKey(queue.id);
    nodes.push({ id: `queue-${queue.id}`, kind: 'queue', label: queue.id, metric: key });
    // One edge per queue, labelled with all its bindings: a message takes it once however many
    // of them match.
    edges.push({
      from: 'exchange',
      to: `queue-${queue.id}`,
      metric: `${key}.rate`,
      label: queue.bindings.map(bindingText).join(' | '),
    });
  }
  if (params.unroutable === 'alternate-exchange') {
    nodes.push(
      { id: 'alternate', kind: 'exchange', label: 'alternate exchange (fanout)' },
      { id: 'queue-unrouted', kind: 'queue', label: 'unrouted', metric: 'unroutable' },
    );
    edges.push(
      { from: 'exchange', to: 'alternate', metric: 'unroutable.rate', label: 'no binding matched' },
      { from: 'alternate', to: 'queue-unrouted', metric: 'unroutable.rate' },
    );
  } else if (params.unroutable === 'return') {
    nodes.push({
      id: 'returns',
      kind: 'consumer',
      label: "publisher's return handler",
      metric: 'unroutable',
    });
    edges.push({
      from: 'exchange',
      to: 'returns',
      metric: 'unroutable.rate',
      label: 'basic.return (mandatory)',
    });
  }
  return { nodes, edges };
}
