// product-service: the catalog behind a Redis cache, orders, and activity events.
import { connectAmqp, notificationQueues } from '../lib/amqp.ts';
import { integer, oneOf, text } from '../lib/config.ts';
import { kafkaClient } from '../lib/kafka.ts';
import { createService, runMain } from '../lib/service.ts';
import { drainAfterDeregistering } from '../lib/drain.ts';
import { CatalogCache } from './catalog-cache.ts';
import { EventPublisher } from './events.ts';
import { orderModeRoutes } from './order-modes.ts';
import { orderRoutes } from './orders.ts';
import { productRoutes } from './routes/products.ts';
import { countReceived } from './received.ts';

const ORDER_MODES = ['dual-write', 'outbox'] as const;

runMain(async () => {
  const service = createService();
  const { config } = service;
  countReceived(service);
  const catalog = new CatalogCache(service, {
    products: integer('SHOP_PRODUCTS', 100, { min: 1, max: 1_000_000 }),
    dbDelayMs: integer('SHOP_DB_DELAY_MS', 20, { min: 0, max: 60_000 }),
    ttlMs: integer('SHOP_PRODUCT_CACHE_TTL_MS', 30_000, { min: 1, max: 86_400_000 }),
  });
  const mode = oneOf('SHOP_ORDER_MODE', ORDER_MODES, 'dual-write');
  const amqp = await connectAmqp(config.amqpUrl, config.instance);
  service.onClose(() => amqp.close());
  const events = await EventPublisher.start(
    service,
    amqp,
    kafkaClient(config.kafkaBrokers, config.instance),
    {
      queues: notificationQueues(),
      topic: text('SHOP_ACTIVITY_TOPIC'),
    },
  );
  await service.app.register(productRoutes, { service, catalog, events });
  if (mode === 'dual-write') await service.app.register(orderRoutes, { service, catalog, events });
  if (mode === 'outbox') await service.app.register(orderModeRoutes, { service, catalog, events });
  drainAfterDeregistering(service);
  await service.start();
});
