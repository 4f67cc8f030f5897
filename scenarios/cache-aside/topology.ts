import type { Topology } from '../src/sdk/contract.ts';
import type { CacheAsideParams } from './params.ts';

const WRITE_TO_CACHE = { invalidate: 'DEL', 'write-through': 'SET', 'ttl-only': undefined };

export function cacheAsideTopology(params: CacheAsideParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'readers', kind: 'client', label: `${params.concurrency} readers` },
      { id: 'cache', kind: 'cache', label: 'Redis cache', metric: 'hitRatio' },
      { id: 'origin', kind: 'origin', label: 'SQLite products', metric: 'originReads.rate' },
    ],
    edges: [
      { from: 'readers', to: 'cache', metric: 'requests.rate', label: 'GET' },
      { from: 'cache', to: 'origin', metric: 'originReads.rate', label: 'miss → SELECT, SET' },
    ],
  };
  if (params.writeRatio > 0) {
    topology.nodes.push({ id: 'writer', kind: 'client', label: 'writer' });
    topology.edges.push({ from: 'writer', to: 'origin', metric: 'writes.rate', label: 'UPDATE' });
    const command = WRITE_TO_CACHE[params.writeStrategy];
    if (command !== undefined) {
      topology.edges.push({ from: 'writer', to: 'cache', metric: 'writes.rate', label: command });
    }
  }
  return topology;
}
