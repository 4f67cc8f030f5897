import type { Topology } from '../src/sdk/contract.ts';
import type { EvictionParams } from './params.ts';

export function evictionTopology(p: EvictionParams): Topology {
  return {
    nodes: [
      { id: 'readers', kind: 'client', label: `${p.concurrency} readers (zipf ${p.zipfExponent})` },
      {
        id: 'redis',
        kind: 'cache',
        label: `private Redis, ${p.maxmemoryMb} MB, ${p.policy}`,
        metric: 'keysInCache',
      },
      { id: 'origin', kind: 'origin', label: 'origin (simulated)' },
    ],
    edges: [
      { from: 'readers', to: 'redis', metric: 'hits.rate', label: 'hits' },
      { from: 'readers', to: 'origin', metric: 'misses.rate', label: 'misses' },
      { from: 'origin', to: 'redis', metric: 'fills.rate', label: 'fills' },
    ],
  };
}
