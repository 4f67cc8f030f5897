import type { Topology } from '../src/sdk/contract.ts';
import type { DeliverySemanticsParams } from './params.ts';

export function deliverySemanticsTopology(params: DeliverySemanticsParams): Topology {
  return {
    nodes: [
      { id: 'producer', kind: 'producer', label: 'input producer' },
      {
        id: 'input',
        kind: 'topic',
        label: `input (${params.partitions} partitions)`,
        metric: 'backlog',
      },
      { id: 'processor', kind: 'consumer', label: `processor (${params.mode})`, metric: 'crashes' },
      { id: 'output', kind: 'topic', label: 'output' },
      { id: 'reader', kind: 'client', label: 'fresh read_committed reader', metric: 'duplicates' },
    ],
    edges: [
      { from: 'producer', to: 'input', metric: 'input.rate' },
      { from: 'input', to: 'processor' },
      { from: 'processor', to: 'output', metric: 'output.rate' },
      { from: 'output', to: 'reader', label: 'at the end' },
    ],
  };
}
