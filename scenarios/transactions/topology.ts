import type { Topology } from '../src/sdk/contract.ts';
import type { Strategy, TransactionsParams } from './params.ts';

const COMMANDS: Record<Strategy, string> = {
  naive: 'MGET · think · SET, SET',
  watch: 'WATCH · MGET · think · MULTI SET SET EXEC',
  lua: 'EVALSHA transfer',
  incrby: 'GET · think · MULTI DECRBY INCRBY EXEC',
};

export function transactionsTopology(params: TransactionsParams): Topology {
  const topology: Topology = {
    nodes: [
      { id: 'workers', kind: 'client', label: `${params.workers} workers (${params.strategy})` },
      {
        id: 'balances',
        kind: 'cache',
        label: `Redis: ${params.accounts} balances`,
        metric: 'totalDrift',
      },
    ],
    edges: [
      { from: 'workers', to: 'balances', metric: 'ops.rate', label: COMMANDS[params.strategy] },
    ],
  };
  if (params.strategy === 'watch') {
    topology.edges.push({
      from: 'balances',
      to: 'workers',
      metric: 'retries.rate',
      label: 'EXEC nil: retry',
    });
  }
  if (params.strategy === 'naive') {
    topology.edges.push({
      from: 'balances',
      to: 'workers',
      metric: 'lostUpdates.rate',
      label: 'SET … GET: erased',
    });
  }
  return topology;
}
