import type { ChartSpec, MetricSpec } from '../src/sdk/contract.ts';

export const leaderboardCharts: ChartSpec[] = [
  {
    id: 'players',
    title: 'Players on the board',
    unit: 'players',
    description: 'Grows at newPlayersPerSec until maxPlayers.',
  },
  {
    id: 'updates',
    title: 'Score events',
    unit: 'events/s',
    show: 'rate',
    description: 'ZINCRBY calls Redis acknowledged (each also an UPDATE in SQLite).',
  },
  {
    id: 'topN',
    title: 'Top N query',
    unit: 'ms',
    description:
      'ZREVRANGE … WITHSCORES against SELECT … ORDER BY score DESC LIMIT N. Redis’s includes the network round trip; SQLite runs in this process.',
  },
  {
    id: 'rank',
    title: 'One player’s rank',
    unit: 'ms',
    description: 'ZREVRANK against SELECT COUNT(*) of the players ahead.',
  },
];

export const leaderboardMetrics: MetricSpec[] = [
  { key: 'players', label: 'Players', unit: 'players', kind: 'gauge', chart: 'players' },
  {
    key: 'updates',
    label: 'Score events',
    unit: 'events',
    kind: 'counter',
    chart: 'updates',
    description: 'Score events Redis acknowledged.',
  },
  { key: 'topN.redis', label: 'Redis', unit: 'ms', kind: 'histogram', chart: 'topN' },
  { key: 'topN.sql', label: 'SQLite', unit: 'ms', kind: 'histogram', chart: 'topN' },
  { key: 'rank.redis', label: 'Redis', unit: 'ms', kind: 'histogram', chart: 'rank' },
  { key: 'rank.sql', label: 'SQLite', unit: 'ms', kind: 'histogram', chart: 'rank' },
];
