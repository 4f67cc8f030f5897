// POST /orders in `dual-write` mode: the order written to the store (a Redis hash and the set of
// order ids, in one MULTI), then `order-placed` published to RabbitMQ and to Kafka. Two writes
// to two systems with nothing tying them together: a crash between them loses the event.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { requireServiceToken } from '../lib/service-auth.ts';
import type { Service } from '../lib/service.ts';
import type { CatalogCache } from './catalog-cache.ts';
import type { EventPublisher } from './events.ts';

export interface Order {
  orderId: string;
  userId: string;
  productId: string;
  quantity: number;
  createdAt: number;
  instance: string;
}

export const orderKey = (prefix: string, id: string): string => `${prefix}order:${id}`;
export const ordersSetKey = (prefix: string): string => `${prefix}orders`;

export interface OrderRouteOptions {
  service: Service;
  catalog: CatalogCache;
  events: EventPublisher;
}

/** Unique across instances and restarts of the run: the instance, then random bits. */
export function newOrderId(instance: string): string {
  return `${instance}-${randomBytes(6).toString('hex')}`;
}

export async function writeOrder(service: Service, order: Order): Promise<void> {
  const prefix = service.config.keyPrefix;
  await service.redis
    .multi()
    .hset(orderKey(prefix, order.orderId), { ...order })
    .sadd(ordersSetKey(prefix), order.orderId)
    .exec();
}

export const orderRoutes: FastifyPluginAsync<OrderRouteOptions> = async (app, opts) => {
  const { service, catalog, events } = opts;
  const placed = service.metrics.counter('shop_orders_total', 'Orders written to the store');
  const guard = requireServiceToken(service, service.verifier);
  app.post<{ Body: { userId?: string; productId?: string; quantity?: number } }>(
    '/orders',
    { preHandler: guard },
    async (request, reply) => {
      const { userId, productId, quantity = 1 } = request.body ?? {};
      if (!userId || !productId || !catalog.exists(productId)) {
        return reply.code(400).send({ error: 'unknown user or product' });
      }
      const order: Order = {
        orderId: newOrderId(service.config.instance),
        userId,
        productId,
        quantity: Math.max(1, Math.floor(quantity)),
        createdAt: Date.now(),
        instance: service.config.instance,
      };
      await writeOrder(service, order);
      placed.inc();
      const event = { type: 'order-placed' as const, ...order, at: order.createdAt };
      await Promise.all([events.toQueue(event), events.toTopic(order.orderId, event)]);
      return reply.code(201).send({ orderId: order.orderId });
    },
  );
};
