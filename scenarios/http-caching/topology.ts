import type { Topology } from '../src/sdk/contract.ts';
import type { HttpCachingParams } from './params.ts';

export function httpCachingTopology(params: HttpCachingParams): Topology {
  return {
    nodes: [
      { id: 'clients', kind: 'client', label: `${params.clients} clients` },
      { id: 'caches', kind: 'cache', label: 'a private cache each', metric: 'cacheRatio' },
      { id: 'origin', kind: 'origin', label: 'origin (node:http)', metric: 'originRequests.rate' },
      { id: 'browser', kind: 'client', label: 'your browser (panel)' },
    ],
    edges: [
      { from: 'clients', to: 'caches', metric: 'requests.rate', label: 'GET' },
      {
        from: 'caches',
        to: 'origin',
        metric: 'originRequests.rate',
        label: 'conditional GET → 304, or GET → 200',
      },
      {
        from: 'browser',
        to: 'origin',
        metric: 'browserRequests.rate',
        label: 'through the playground server',
      },
    ],
  };
}
