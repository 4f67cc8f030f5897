// Viewing is open; starting, stopping and tuning runs needs the trainer token whenever one is
// configured (it must be, once the server listens beyond loopback: see config.ts).
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    requireTrainer(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

function presented(request: FastifyRequest): string | undefined {
  const header = request.headers['x-trainer-token'];
  if (typeof header === 'string') return header;
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

export default fp(
  async (app) => {
    const expected = app.playground.config.trainerToken;
    app.decorate('requireTrainer', async (request: FastifyRequest, reply: FastifyReply) => {
      if (expected === undefined) return;
      const token = presented(request);
      const ok =
        token !== undefined &&
        token.length === expected.length &&
        timingSafeEqual(Buffer.from(token), Buffer.from(expected));
      if (!ok) {
        await reply.code(401).send({
          statusCode: 401,
          error: 'Unauthorized',
          message:
            'starting, stopping and tuning runs needs the trainer token (header x-trainer-token)',
        });
      }
    });
  },
  { name: 'auth', dependencies: ['playground-config'] },
);
