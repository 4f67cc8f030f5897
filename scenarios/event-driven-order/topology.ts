import type { Topology, TopologyNode } from '../src/sdk/contract.ts';
import type { EventDrivenOrderParams } from './params.ts';

export function eventDrivenOrderTopology(params: EventDrivenOrderParams): Topology {
  const products = Array.from({ length: params.instances }, (_, i): TopologyNode => ({
    id: `product-${i + 1}`,
    kind: 'producer',
    label: `product-service-${i + 1}`,
    faultNode: `product-service-${i + 1}`,
  }));
  return {
    nodes: [
      { id: 'shoppers', kind: 'client', label: 'shoppers' },
      { id: 'gateway', kind: 'limiter', label: 'gateway', faultNode: 'gateway-1' },
      ...products,
      {
        id: 'store',
        kind: 'origin',
        label: 'Redis: orders (+ outbox stream)',
        metric: 'orders',
      },
      { id: 'queue', kind: 'queue', label: 'notifications (RabbitMQ)' },
      {
        id: 'notification',
        kind: 'consumer',
        label: 'notification-service',
        metric: 'notified',
        faultNode: 'notification-service-1',
      },
      { id: 'topic', kind: 'topic', label: 'activity (Kafka)', metric: 'events' },
      {
        id: 'analytics',
        kind: 'consumer',
        label: 'analytics-service',
        metric: 'analytics',
        faultNode: 'analytics-service-1',
      },
    ],
    edges: [
      { from: 'shoppers', to: 'gateway', metric: 'placed.rate', label: 'POST /api/orders' },
      ...products.map((p) => ({ from: 'gateway', to: p.id })),
      ...products.map((p) => ({ from: p.id, to: 'store', label: 'MULTI' })),
      ...products.map((p) => ({ from: p.id, to: 'queue' })),
      ...products.map((p) => ({ from: p.id, to: 'topic' })),
      { from: 'queue', to: 'notification' },
      { from: 'topic', to: 'analytics' },
    ],
  };
}
