import type { Topology } from '../src/sdk/contract.ts';
import { runsMaxLength, runsMemoryAlarm } from './params.ts';
import type { BackpressureParams } from './params.ts';

export function backpressureTopology(params: BackpressureParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'publisher', kind: 'producer', label: 'publisher (confirms)', metric: 'blockedMs' },
      { id: 'queue', kind: 'queue', label: 'the phase’s queue', metric: 'queueDepth' },
      { id: 'consumer', kind: 'consumer', label: 'slow consumer' },
    ],
    edges: [
      { from: 'publisher', to: 'queue', metric: 'published.rate', label: 'publish' },
      { from: 'queue', to: 'publisher', metric: 'nacked.rate', label: 'nack' },
      { from: 'queue', to: 'consumer', metric: 'consumed.rate', label: 'consume' },
    ],
  };
  if (runsMaxLength(params)) {
    topology.nodes.push(
      { id: 'dropped', kind: 'origin', label: 'dropped from the head', metric: 'dropped' },
      { id: 'dlq', kind: 'queue', label: 'dead-letter queue', metric: 'deadLettered' },
    );
    topology.edges.push(
      { from: 'queue', to: 'dropped', label: 'drop-head' },
      { from: 'queue', to: 'dlq', label: 'reject-publish-dlx' },
    );
  }
  if (runsMemoryAlarm(params)) {
    topology.nodes.push({
      id: 'node',
      kind: 'limiter',
      label: 'private node: memory watermark',
      metric: 'blockedMs',
    });
    topology.edges.push({ from: 'node', to: 'publisher', label: 'connection.blocked' });
  }
  return topology;
}
