import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import { SHOP_SERVICES } from '../src/sdk/index.ts';
import { keys } from './metrics.ts';
import type { LogAndMetricsParams } from './params.ts';

export function logAndMetricsTopology(_params: LogAndMetricsParams): Topology {
  const services = SHOP_SERVICES.map((s): TopologyNode => ({
    id: s,
    kind: 'producer',
    label: s,
    metric: keys.errorRate(s),
  }));
  return {
    nodes: [
      { id: 'shoppers', kind: 'client', label: 'shoppers' },
      ...services,
      { id: 'logs', kind: 'topic', label: 'logs (a record per request, error logs)' },
      { id: 'aggregator', kind: 'consumer', label: 'aggregator (this run)', metric: 'logs.rate' },
    ],
    edges: [
      { from: 'shoppers', to: 'gateway', metric: `${keys.requests('gateway')}.rate` },
      { from: 'gateway', to: 'auth-service', label: 'JWKS' },
      { from: 'gateway', to: 'user-service' },
      { from: 'gateway', to: 'product-service' },
      ...services.map((s) => ({ from: s.id, to: 'logs', metric: `${keys.requests(s.id)}.rate` })),
      { from: 'logs', to: 'aggregator', metric: 'logs.rate' },
    ],
  };
}
