import type { Topology } from '../src/sdk/contract.ts';
import type { PriorityQueueParams } from './params.ts';

export function priorityTopology(params: PriorityQueueParams): Topology {
  const top = params.levels - 1;
  return {
    nodes: [
      { id: 'publisher', kind: 'producer', label: `publisher (priorities 0–${top})` },
      {
        id: 'queue',
        kind: 'queue',
        label: params.priorityQueue
          ? `priority queue (x-max-priority ${top})`
          : 'plain queue (FIFO)',
        metric: 'queueDepth',
      },
      { id: 'consumer', kind: 'consumer', label: 'consumer' },
    ],
    edges: [
      { from: 'publisher', to: 'queue', metric: 'published.rate' },
      { from: 'queue', to: 'consumer', metric: 'delivered.rate' },
    ],
  };
}
