import type { Topology } from '../src/sdk/contract.ts';
import type { LeaderboardParams } from './params.ts';

export function leaderboardTopology(params: LeaderboardParams): Topology {
  return {
    nodes: [
      { id: 'game', kind: 'producer', label: 'score events' },
      { id: 'viewers', kind: 'client', label: `top ${params.topN} and rank queries` },
      { id: 'redis', kind: 'cache', label: 'Redis sorted set', metric: 'players' },
      {
        id: 'sqlite',
        kind: 'origin',
        label: `SQLite table${params.sqlIndex ? ' + index' : ''}`,
        metric: 'players',
      },
    ],
    edges: [
      { from: 'game', to: 'redis', metric: 'updates.rate', label: 'ZINCRBY' },
      { from: 'game', to: 'sqlite', metric: 'updates.rate', label: 'UPDATE' },
      { from: 'viewers', to: 'redis', label: 'ZREVRANGE, ZREVRANK' },
      { from: 'viewers', to: 'sqlite', label: 'ORDER BY LIMIT, COUNT(*)' },
    ],
  };
}
