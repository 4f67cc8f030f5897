import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import { errorsKey } from './metrics.ts';
import type { LogAggregationParams } from './params.ts';
import { SERVICES } from './records.ts';

export function logAggregationTopology(params: LogAggregationParams): Topology {
  const services = SERVICES.slice(0, params.services);
  const nodes: TopologyNode[] = [
    ...services.map((s): TopologyNode => ({
      id: `service-${s}`,
      kind: 'producer',
      label: s,
      metric: errorsKey(s),
    })),
    { id: 'logs', kind: 'topic', label: 'logs (logs and metrics, keyed by service)' },
    {
      id: 'aggregator',
      kind: 'consumer',
      label: `aggregator (${params.windowSec} s windows)`,
      metric: 'windows',
    },
    { id: 'results', kind: 'topic', label: 'window results (per window and service)' },
  ];
  return {
    nodes,
    edges: [
      ...services.map((s) => ({ from: `service-${s}`, to: 'logs' })),
      { from: 'logs', to: 'aggregator', metric: 'events.rate' },
      { from: 'aggregator', to: 'results', metric: 'windows.rate' },
    ],
  };
}
