import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const MAX_INSTANCES = 6;

export const serviceDiscoveryParams = Type.Object(
  {
    instances: Type.Integer({
      default: 3,
      minimum: 1,
      maximum: MAX_INSTANCES,
      description:
        'product-service instances to keep running. Raising it starts new ones (numbered on); lowering it stops the newest gracefully: deregister, drain, exit. A killed instance is not replaced until you change it.',
      'x-unit': 'instances',
      'x-live': true,
    }),
    requestsPerSec: Type.Integer({
      default: 150,
      minimum: 0,
      maximum: 1000,
      description: 'Product requests the clients send to the gateway per second, in all.',
      'x-unit': 'req/s',
      'x-live': true,
    }),
    clients: Type.Integer({
      default: 8,
      minimum: 1,
      maximum: 20,
      description:
        'Simulated users, each logged in at auth-service with its own JWT, each with one request in flight at a time.',
    }),
    ttlMs: Type.Integer({
      default: 2000,
      minimum: 300,
      maximum: 10000,
      description:
        'TTL of every registry key (SHOP_REGISTRY_TTL_MS). An instance renews its key every TTL/3; a crashed one stops renewing and its key expires at most this long after its last heartbeat.',
      'x-unit': 'ms',
    }),
    killAtSec: Type.Integer({
      default: 4,
      minimum: 0,
      maximum: 120,
      description:
        'Seconds after the load starts when product-service-1 is killed with SIGKILL: no deregistration (0 = never).',
      'x-unit': 's',
    }),
    seed: Type.Integer({
      default: 7,
      minimum: 0,
      maximum: 1_000_000,
      description: 'Seeds which product each request asks for.',
    }),
  },
  { additionalProperties: false },
);

export type ServiceDiscoveryParams = Static<typeof serviceDiscoveryParams>;
