import type { Topology } from '../src/sdk/contract.ts';
import type { CircuitBreakerParams } from './params.ts';

export function circuitBreakerTopology(params: CircuitBreakerParams): Topology {
  return {
    nodes: [
      { id: 'clients', kind: 'client', label: 'clients' },
      {
        id: 'gateway',
        kind: 'limiter',
        label: `gateway (${params.gatewayWorkers} workers)`,
        metric: 'gatewayQueued',
        faultNode: 'gateway-1',
      },
      {
        id: 'breaker',
        kind: 'limiter',
        label: 'breaker (0 closed · 2 open)',
        metric: 'breakerState',
      },
      {
        id: 'product',
        kind: 'origin',
        label: 'product-service',
        metric: 'productReceived.rate',
        faultNode: 'product-service-1',
      },
      { id: 'user', kind: 'origin', label: 'user-service', faultNode: 'user-service-1' },
      { id: 'cache', kind: 'cache', label: 'Redis product cache' },
    ],
    edges: [
      { from: 'clients', to: 'gateway', metric: 'requests.rate', label: 'GET /api/…' },
      { from: 'gateway', to: 'breaker', metric: 'productCalls.rate', label: 'product' },
      {
        from: 'breaker',
        to: 'product',
        metric: 'productReceived.rate',
        label: 'GET /products/:id',
      },
      { from: 'breaker', to: 'cache', metric: 'fallbacks.rate', label: 'fallback' },
      { from: 'gateway', to: 'user', label: 'GET /users/:id' },
      { from: 'product', to: 'cache', label: 'cache-aside' },
    ],
  };
}
