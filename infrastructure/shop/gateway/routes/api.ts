// The gateway's routes: a product, a user's profile (the user and their recommended products,
// fetched in parallel, in one answer), and placing an order for the authenticated user.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { recommendedFor } from '../../lib/catalog.ts';
import type { CallResult } from '../../lib/service-client.ts';
import type { Caller } from '../upstream.ts';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface ApiOptions {
  call: Caller;
  /** Edge auth, then the rate limit. */
  guards: Guard[];
  products: number;
}

const answeredBy = (reply: FastifyReply, results: CallResult<unknown>[]): void => {
  reply.header('x-upstream-instance', results.map((r) => r.instance).join(','));
};

export const apiRoutes: FastifyPluginAsync<ApiOptions> = async (app, opts) => {
  const { call } = opts;
  const preHandler = opts.guards;

  app.get<{ Params: { id: string } }>(
    '/api/products/:id',
    { preHandler },
    async (request, reply) => {
      const product = await call(
        'product-service',
        `/products/${encodeURIComponent(request.params.id)}`,
        request.userId,
      );
      answeredBy(reply, [product]);
      return reply.code(product.status).send(product.body);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/users/:id/profile',
    { preHandler },
    async (request, reply) => {
      const userId = request.params.id;
      const [user, ...products] = await Promise.all([
        call<Record<string, unknown>>(
          'user-service',
          `/users/${encodeURIComponent(userId)}`,
          request.userId,
        ),
        ...recommendedFor(userId, opts.products).map((id) =>
          call<Record<string, unknown>>('product-service', `/products/${id}`, request.userId),
        ),
      ]);
      answeredBy(reply, [user, ...products] as CallResult<unknown>[]);
      if (user === undefined || user.status !== 200) {
        return reply.code(user?.status ?? 502).send(user?.body);
      }
      return {
        user: user.body,
        recommended: products.filter((p) => p.status === 200).map((p) => p.body),
      };
    },
  );

  app.post<{ Body: { productId?: string; quantity?: number } }>(
    '/api/orders',
    { preHandler },
    async (request, reply) => {
      const order = await call('product-service', '/orders', request.userId, {
        method: 'POST',
        body: {
          userId: request.userId,
          productId: request.body?.productId,
          quantity: request.body?.quantity ?? 1,
        },
      });
      answeredBy(reply, [order]);
      return reply.code(order.status).send(order.body);
    },
  );
};
