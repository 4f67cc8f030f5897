// GET /products/:id: cache-aside, and a `product-viewed` activity event (not awaited: a slow
// Kafka must not slow the page).
import type { FastifyPluginAsync } from 'fastify';
import { requireServiceToken } from '../../lib/service-auth.ts';
import type { Service } from '../../lib/service.ts';
import type { CatalogCache } from '../catalog-cache.ts';
import type { EventPublisher } from '../events.ts';

export interface ProductRouteOptions {
  service: Service;
  catalog: CatalogCache;
  events: EventPublisher;
}

export const productRoutes: FastifyPluginAsync<ProductRouteOptions> = async (app, opts) => {
  const { service, catalog, events } = opts;
  const guard = requireServiceToken(service, service.verifier);
  app.get<{ Params: { id: string } }>(
    '/products/:id',
    { preHandler: guard },
    async (request, reply) => {
      const product = await catalog.get(request.params.id);
      if (product === undefined) return reply.code(404).send({ error: 'not-found' });
      reply.header('x-cache', product.source === 'cache' ? 'hit' : 'miss');
      const userId = request.headers['x-user-id'];
      void events
        .toTopic(product.id, {
          type: 'product-viewed',
          productId: product.id,
          userId: typeof userId === 'string' ? userId : undefined,
          at: Date.now(),
          instance: service.config.instance,
        })
        .catch(() => undefined);
      return product;
    },
  );
};
