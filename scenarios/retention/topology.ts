import type { Topology } from '../src/sdk/contract.ts';
import type { RetentionParams } from './params.ts';

export function retentionTopology(params: RetentionParams): Topology {
  return {
    nodes: [
      { id: 'producer', kind: 'producer', label: 'producer' },
      {
        id: 'topic',
        kind: 'topic',
        label: `topic (retention ${params.retentionMs / 1000} s${params.retentionBytes > 0 ? `, ${params.retentionBytes} B` : ''})`,
      },
      {
        id: 'p0',
        kind: 'partition',
        label: 'log start',
        metric: 'logStartOffset',
        parent: 'topic',
      },
      { id: 'end', kind: 'partition', label: 'log end', metric: 'logEndOffset', parent: 'topic' },
      { id: 'consumer', kind: 'consumer', label: `consumer (${params.reset})`, metric: 'position' },
    ],
    edges: [
      { from: 'producer', to: 'topic', metric: 'produced.rate' },
      { from: 'topic', to: 'consumer', metric: 'consumed.rate' },
    ],
  };
}
