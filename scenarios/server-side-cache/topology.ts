import type { Topology, TopologyEdge, TopologyNode } from '../src/sdk/contract.ts';
import { key, modeLabel } from './metrics.ts';
import { MODES } from './page.ts';
import type { ServerSideCacheParams } from './params.ts';

const CACHES = {
  none: undefined,
  response: 'GET page',
  query: 'MGET query results',
  object: 'MGET objects',
};

export function serverSideCacheTopology(params: ServerSideCacheParams): Topology {
  const nodes: TopologyNode[] = [
    {
      id: 'clients',
      kind: 'client',
      label: `${params.concurrency} HTTP clients per copy`,
    },
    { id: 'redis', kind: 'cache', label: 'Redis (shared)' },
  ];
  const edges: TopologyEdge[] = [];
  for (const m of MODES) {
    nodes.push(
      {
        id: `api-${m}`,
        kind: 'consumer',
        label: `API: ${modeLabel(m)}`,
        metric: key.latency(m) + '.p50',
      },
      { id: `db-${m}`, kind: 'origin', label: `SQLite (${m})`, metric: key.queriesPerRead(m) },
    );
    edges.push(
      {
        from: 'clients',
        to: `api-${m}`,
        metric: `${key.requests(m)}.rate`,
        label: 'GET /products/:id',
      },
      { from: `api-${m}`, to: `db-${m}`, metric: `${key.dbQueries(m)}.rate`, label: 'SELECT' },
    );
    const lookup = CACHES[m];
    if (lookup !== undefined) edges.push({ from: `api-${m}`, to: 'redis', label: lookup });
  }
  return { nodes, edges };
}
