import type { Topology } from '../src/sdk/contract.ts';
import type { CacheStampedeParams } from './params.ts';

const REFILL = {
  none: 'miss → compute, SET',
  lock: 'SET NX PX, then compute',
  'early-refresh': 'compute before expiry',
  'stale-while-revalidate': 'serve stale, refresh behind',
};

export function cacheStampedeTopology(params: CacheStampedeParams): Topology {
  return {
    nodes: [
      { id: 'readers', kind: 'client', label: `${params.readers} readers` },
      {
        id: 'cache',
        kind: 'cache',
        label: `Redis: ${params.hotKeys} hot keys`,
        metric: 'expiries.rate',
      },
      {
        id: 'origin',
        kind: 'origin',
        label: `slow origin (${params.originLatencyMs} ms)`,
        metric: 'originInFlight',
      },
    ],
    edges: [
      { from: 'readers', to: 'cache', metric: 'requests.rate', label: 'GET' },
      {
        from: 'readers',
        to: 'origin',
        metric: 'originReads.rate',
        label: REFILL[params.protection],
      },
    ],
  };
}
