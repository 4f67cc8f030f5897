import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { answeredKey } from './metrics.ts';
import type { RpcParams } from './params.ts';

export function rpcTopology(params: RpcParams): Topology {
  const nodes: TopologyNode[] = [
    {
      id: 'clients',
      kind: 'client',
      label: params.clients === 1 ? 'client' : `${params.clients} clients`,
      metric: 'waiting',
    },
    { id: 'exchange', kind: 'exchange', label: 'default exchange' },
    { id: 'requests', kind: 'queue', label: 'request queue', metric: 'requestQueueDepth' },
    // Direct reply-to is no queue: RabbitMQ hands the reply straight to the caller's channel.
    { id: 'reply-to', kind: 'exchange', label: 'direct reply-to (amq.rabbitmq.reply-to)' },
  ];
  const edges: TopologyEdge[] = [
    { from: 'clients', to: 'exchange', metric: 'requests.rate' },
    { from: 'exchange', to: 'requests', metric: 'requests.rate', label: 'key = queue name' },
  ];
  for (let i = 1; i <= params.servers; i++) {
    const slow = i === 1 && params.slowServerDelayMs > 0;
    nodes.push({
      id: `server-${i}`,
      kind: 'consumer',
      label: `server ${i}${slow ? ' (slow)' : ''}`,
    });
    edges.push(
      { from: 'requests', to: `server-${i}`, metric: `${answeredKey(i)}.rate` },
      { from: `server-${i}`, to: 'reply-to', metric: `${answeredKey(i)}.rate` },
    );
  }
  edges.push({ from: 'reply-to', to: 'clients', metric: 'replies.rate', label: 'in time' });
  return { nodes, edges };
}
