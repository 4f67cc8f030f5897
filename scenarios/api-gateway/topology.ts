import type { Topology } from '../src/sdk/contract.ts';
import type { ApiGatewayParams } from './params.ts';

export function apiGatewayTopology(params: ApiGatewayParams): Topology {
  const users = params.users + params.greedyUsers;
  const products =
    params.productInstances === 1
      ? { label: 'product-service', faultNode: 'product-service-1' }
      : { label: `product-service ×${params.productInstances}` };
  return {
    nodes: [
      { id: 'clients', kind: 'client', label: `${users} users`, metric: 'requests' },
      {
        id: 'gateway',
        kind: 'limiter',
        label: 'gateway (auth, rate limit, routing)',
        faultNode: 'gateway-1',
      },
      {
        id: 'auth',
        kind: 'origin',
        label: 'auth-service (JWT, JWKS)',
        faultNode: 'auth-service-1',
      },
      {
        id: 'redis',
        kind: 'cache',
        label: 'Redis: sessions, rate limits, registry, product cache',
      },
      { id: 'users', kind: 'origin', label: 'user-service', faultNode: 'user-service-1' },
      { id: 'products', kind: 'origin', ...products },
      { id: 'notifications', kind: 'queue', label: 'notifications (RabbitMQ)' },
      { id: 'activity', kind: 'topic', label: 'activity (Kafka)' },
      {
        id: 'notifier',
        kind: 'consumer',
        label: 'notification-service',
        faultNode: 'notification-service-1',
      },
      {
        id: 'analytics',
        kind: 'consumer',
        label: 'analytics-service',
        faultNode: 'analytics-service-1',
      },
    ],
    edges: [
      { from: 'clients', to: 'auth', label: 'log in' },
      { from: 'clients', to: 'gateway', metric: 'requests.rate' },
      { from: 'gateway', to: 'redis', label: 'session, token bucket' },
      { from: 'gateway', to: 'auth', label: 'JWKS, service tokens' },
      { from: 'gateway', to: 'products', label: 'product, order' },
      { from: 'gateway', to: 'users', label: 'profile' },
      { from: 'products', to: 'notifications', metric: 'orders.rate', label: 'order-placed' },
      { from: 'products', to: 'activity', label: 'product-viewed, order-placed' },
      { from: 'notifications', to: 'notifier' },
      { from: 'notifier', to: 'users', label: 'RPC: user.lookup' },
      { from: 'activity', to: 'analytics' },
    ],
  };
}
