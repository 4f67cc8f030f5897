import type { Topology } from '../src/sdk/contract.ts';
import type { UniqueVisitorsParams } from './params.ts';

export function uniqueVisitorsTopology(params: UniqueVisitorsParams): Topology {
  return {
    nodes: [
      {
        id: 'visitors',
        kind: 'client',
        label: `${params.population.toLocaleString('en-US')} possible visitors`,
      },
      { id: 'set', kind: 'cache', label: 'set (exact)', metric: 'memory.set' },
      { id: 'hll', kind: 'cache', label: 'HyperLogLog (estimate)', metric: 'memory.hll' },
      { id: 'bitmap', kind: 'cache', label: 'bitmap (exact)', metric: 'memory.bitmap' },
    ],
    edges: [
      { from: 'visitors', to: 'set', metric: 'visits.rate', label: 'SADD' },
      { from: 'visitors', to: 'hll', metric: 'visits.rate', label: 'PFADD' },
      { from: 'visitors', to: 'bitmap', metric: 'visits.rate', label: 'SETBIT' },
    ],
  };
}
