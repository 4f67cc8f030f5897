import type { Topology } from '../src/sdk/contract.ts';
import type { CompactionParams } from './params.ts';

export function compactionTopology(params: CompactionParams): Topology {
  return {
    nodes: [
      { id: 'producer', kind: 'producer', label: `producer (${params.keys} live keys)` },
      { id: 'topic', kind: 'topic', label: 'topic (cleanup.policy=compact)', metric: 'inLog' },
      { id: 'reader', kind: 'consumer', label: 'full reader', metric: 'distinctKeys' },
    ],
    edges: [
      { from: 'producer', to: 'topic', metric: 'written.rate' },
      { from: 'topic', to: 'reader', metric: 'inLog' },
    ],
  };
}
