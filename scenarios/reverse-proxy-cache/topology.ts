import type { Topology } from '../src/sdk/contract.ts';
import type { ReverseProxyCacheParams } from './params.ts';

export function reverseProxyCacheTopology(params: ReverseProxyCacheParams): Topology {
  return {
    nodes: [
      { id: 'clients', kind: 'client', label: `${params.clients} clients (no cache)` },
      {
        id: 'nginx',
        kind: 'cache',
        label: 'nginx (proxy_cache)',
        metric: 'hitRatio',
        faultNode: 'nginx-1',
      },
      { id: 'origin', kind: 'origin', label: 'origin (node:http)', metric: 'originRequests.rate' },
    ],
    edges: [
      { from: 'clients', to: 'nginx', metric: 'requests.rate', label: 'GET' },
      { from: 'nginx', to: 'origin', metric: 'originRequests.rate', label: 'miss, expiry, bypass' },
    ],
  };
}
