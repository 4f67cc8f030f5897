// GET /api/users/:id: the user alone, from user-service. It never calls product-service, so its
// latency shows whether a slow product-service has slowed the whole gateway (circuit-breaker).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../upstream.ts';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export const userRoute: FastifyPluginAsync<{ call: Caller; guards: Guard[] }> = async (
  app,
  opts,
) => {
  app.get<{ Params: { id: string } }>(
    '/api/users/:id',
    { preHandler: opts.guards },
    async (request, reply) => {
      const user = await opts.call(
        'user-service',
        `/users/${encodeURIComponent(request.params.id)}`,
        request.userId,
      );
      reply.header('x-upstream-instance', user.instance);
      return reply.code(user.status).send(user.body);
    },
  );
};
