// POST /orders for the event-driven-order lesson (registered when SHOP_ORDER_MODE=outbox): the
// mode and a crash rate are read per order from `<p>order-settings` (a hash the scenario writes,
// so a restarted instance follows the current mode from its first request), and the process can
// kill itself right after the order is written.
// - dual-write: the order (one MULTI), then the event to RabbitMQ and to Kafka from the request.
//   A crash between the two leaves an order no one is told about.
// - outbox: the order and an outbox entry in ONE MULTI/EXEC; the relay (every instance runs
//   one) publishes the entry and only then deletes it. A crash anywhere costs a delay or a
//   duplicate (consumers dedupe by order id), never the event.
import { context, propagation } from '@opentelemetry/api';
import type { FastifyPluginAsync } from 'fastify';
import { requireServiceToken } from '../lib/service-auth.ts';
import type { Redis } from '../lib/redis.ts';
import { CrashInjector } from './crash.ts';
import { OutboxRelay, appendToOutbox } from './outbox.ts';
import type { OutboxEvent } from './outbox.ts';
import { newOrderId, orderKey, ordersSetKey, writeOrder } from './orders.ts';
import type { Order, OrderRouteOptions } from './orders.ts';

export type OrderMode = 'dual-write' | 'outbox';

export interface OrderSettings {
  mode: OrderMode;
  /** 0–1: the share of orders after whose write the process kills itself. */
  crashRate: number;
}

export const orderSettingsKey = (prefix: string): string => `${prefix}order-settings`;
export const outboxStreamKey = (prefix: string): string => `${prefix}outbox`;
export const OUTBOX_GROUP = 'relay';
/** An entry a dead relay took is taken over after this long. */
const CLAIM_IDLE_MS = 1_000;

/** The hash's fields over `fallback`; a value out of range is ignored. */
export function parseOrderSettings(
  raw: Record<string, string>,
  fallback: OrderSettings,
): OrderSettings {
  const mode = raw.mode === 'dual-write' || raw.mode === 'outbox' ? raw.mode : fallback.mode;
  const rate = Number(raw.crashRate);
  const crashRate =
    raw.crashRate !== undefined && rate >= 0 && rate <= 1 ? rate : fallback.crashRate;
  return { mode, crashRate };
}

export async function readOrderSettings(
  redis: Redis,
  prefix: string,
  fallback: OrderSettings,
): Promise<OrderSettings> {
  return parseOrderSettings(await redis.hgetall(orderSettingsKey(prefix)), fallback);
}

export const orderModeRoutes: FastifyPluginAsync<OrderRouteOptions> = async (app, opts) => {
  const { service, catalog, events } = opts;
  const { keyPrefix: prefix, instance } = service.config;
  const fallback: OrderSettings = { mode: 'outbox', crashRate: 0 };
  const placed = service.metrics.counter('shop_orders_total', 'Orders written to the store');
  const relayed = service.metrics.counter(
    'shop_outbox_relayed_total',
    'Outbox entries this instance published and deleted',
  );
  const crash = new CrashInjector();
  const guard = requireServiceToken(service, service.verifier);
  const stream = outboxStreamKey(prefix);

  // The relay's crash point reads the rate its publish last read.
  let relayCrashRate = 0;
  const relay = new OutboxRelay({
    redis: service.redis,
    stream,
    group: OUTBOX_GROUP,
    consumer: instance,
    claimIdleMs: CLAIM_IDLE_MS,
    async publish(entry: OutboxEvent) {
      relayCrashRate = (await readOrderSettings(service.redis, prefix, fallback)).crashRate / 2;
      const event = JSON.parse(entry.payload) as { type: 'order-placed' };
      const carrier = entry.traceparent === undefined ? {} : { traceparent: entry.traceparent };
      // The publish continues the trace of the request that wrote the order.
      await context.with(propagation.extract(context.active(), carrier), () =>
        Promise.all([events.toQueue(event), events.toTopic(entry.orderId, event)]),
      );
    },
    afterPublish: (entry) => crash.maybeCrash(relayCrashRate, 'relay-after-publish', entry.orderId),
    onRelayed: () => relayed.inc(),
    onError: (error) => app.log.warn(`outbox relay: ${(error as Error).message}`),
  });
  await relay.start();
  service.onStop(() => relay.stop());

  app.post<{ Body: { userId?: string; productId?: string; quantity?: number } }>(
    '/orders',
    { preHandler: guard },
    async (request, reply) => {
      const { userId, productId, quantity = 1 } = request.body ?? {};
      if (!userId || !productId || !catalog.exists(productId)) {
        return reply.code(400).send({ error: 'unknown user or product' });
      }
      const settings = await readOrderSettings(service.redis, prefix, fallback);
      const order: Order = {
        orderId: newOrderId(instance),
        userId,
        productId,
        quantity: Math.max(1, Math.floor(quantity)),
        createdAt: Date.now(),
        instance,
      };
      const event = { type: 'order-placed' as const, ...order, at: order.createdAt };
      if (settings.mode === 'dual-write') {
        await writeOrder(service, order);
        placed.inc();
        crash.maybeCrash(settings.crashRate, 'after-write', order.orderId);
        await Promise.all([events.toQueue(event), events.toTopic(order.orderId, event)]);
      } else {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        const multi = service.redis
          .multi()
          .hset(orderKey(prefix, order.orderId), { ...order })
          .sadd(ordersSetKey(prefix), order.orderId);
        appendToOutbox(multi, stream, order.orderId, JSON.stringify(event), carrier.traceparent);
        const results = await multi.exec();
        const failed = results?.find(([error]) => error !== null)?.[0];
        if (results === null || failed) throw failed ?? new Error('order transaction discarded');
        placed.inc();
        // The same rate per order as dual-write, split between here and the relay.
        crash.maybeCrash(settings.crashRate / 2, 'after-write', order.orderId);
      }
      return reply.code(201).send({ orderId: order.orderId });
    },
  );
};
