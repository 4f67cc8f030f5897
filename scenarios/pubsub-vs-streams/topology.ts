import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import { slotReceivedKey } from './metrics.ts';
import type { PubsubVsStreamsParams } from './params.ts';

export function pubsubVsStreamsTopology(params: PubsubVsStreamsParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'publisher', kind: 'producer', label: 'publisher' },
    { id: 'channel', kind: 'exchange', label: 'channel (pub/sub)', metric: 'subscribers' },
    { id: 'subscriber', kind: 'consumer', label: 'subscriber', metric: 'lost.pubsub' },
    { id: 'stream', kind: 'topic', label: 'stream' },
    { id: 'group', kind: 'group', label: 'consumer group', metric: 'pending' },
  ];
  for (let i = 1; i <= params.consumers; i++) {
    nodes.push({
      id: `consumer-${i}`,
      kind: 'consumer',
      label: `c${i}`,
      metric: `${slotReceivedKey(i)}.rate`,
      parent: 'group',
    });
  }
  return {
    nodes,
    edges: [
      { from: 'publisher', to: 'channel', metric: 'published.rate', label: 'PUBLISH' },
      { from: 'channel', to: 'subscriber', metric: 'received.pubsub.rate' },
      { from: 'publisher', to: 'stream', metric: 'published.rate', label: 'XADD' },
      { from: 'stream', to: 'group', metric: 'received.stream.rate', label: 'XREADGROUP' },
    ],
  };
}
