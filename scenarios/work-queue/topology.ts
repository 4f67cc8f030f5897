import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { processedKey, unackedKey } from './metrics.ts';
import type { WorkQueueParams } from './params.ts';

export function workQueueTopology(params: WorkQueueParams): Topology {
  const nodes: TopologyNode[] = [
    { id: 'publisher', kind: 'producer', label: 'publisher (batches)' },
    { id: 'queue', kind: 'queue', label: 'jobs', metric: 'queueDepth' },
  ];
  const edges: TopologyEdge[] = [{ from: 'publisher', to: 'queue', metric: 'published.rate' }];
  for (let i = 1; i <= params.workers; i++) {
    const ms = i === 1 ? params.slowWorkMs : params.workMs;
    nodes.push({
      id: `worker-${i}`,
      kind: 'consumer',
      label: `worker ${i}${i === 1 ? ' (slow)' : ''}: ${ms} ms/job, holds`,
      metric: unackedKey(i),
    });
    edges.push({ from: 'queue', to: `worker-${i}`, metric: `${processedKey(i)}.rate` });
  }
  return { nodes, edges };
}
