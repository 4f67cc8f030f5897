import type { Topology } from '../src/sdk/contract.ts';
import type { PersistenceParams } from './params.ts';

export function persistenceTopology(p: PersistenceParams): Topology {
  const disk =
    p.mode === 'snapshots' ? `RDB every ${p.saveEverySec} s` : `AOF, appendfsync ${p.mode}`;
  return {
    nodes: [
      { id: 'writer', kind: 'producer', label: `${p.concurrency} writers` },
      { id: 'redis', kind: 'cache', label: 'private Redis (killed, restarted)', metric: 'lost' },
      { id: 'disk', kind: 'origin', label: disk, metric: 'survived' },
    ],
    edges: [
      { from: 'writer', to: 'redis', metric: 'acked.rate', label: 'acked' },
      { from: 'redis', to: 'disk', label: p.mode === 'always' ? 'fsync per write' : 'later' },
    ],
  };
}
