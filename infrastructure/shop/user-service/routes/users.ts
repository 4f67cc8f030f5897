// GET /users/:id for callers holding a service token for user-service.
import type { FastifyPluginAsync } from 'fastify';
import { userById } from '../../lib/catalog.ts';
import { requireServiceToken } from '../../lib/service-auth.ts';
import type { Service } from '../../lib/service.ts';

export const userRoutes: FastifyPluginAsync<{ service: Service; users: number }> = async (
  app,
  opts,
) => {
  const guard = requireServiceToken(opts.service, opts.service.verifier);
  app.get<{ Params: { id: string } }>(
    '/users/:id',
    { preHandler: guard },
    async (request, reply) => {
      const user = userById(request.params.id, opts.users);
      if (user === undefined) return reply.code(404).send({ error: 'not-found' });
      return user;
    },
  );
};
