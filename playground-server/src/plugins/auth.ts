// Viewing is open; starting, stopping and tuning runs needs the trainer token whenever one is
// configured (it must be, once the server listens beyond loopback: see config.ts).
import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from './errors.ts';

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

// Digests are compared, not the strings: they always have the same length in bytes, so a token
// whose byte length differs from its length in characters ('ü' against 'u') is simply wrong,
// and the comparison time says nothing about the expected token's length.
const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export default fp(
  async (app) => {
    const expected = app.playground.config.trainerToken;
    const expectedDigest = expected === undefined ? undefined : digest(expected);
    app.decorate('requireTrainer', async (request: FastifyRequest) => {
      if (expectedDigest === undefined) return;
      const token = presented(request);
      if (token === undefined || !timingSafeEqual(digest(token), expectedDigest)) {
        throw apiError(
          401,
          'starting, stopping and tuning runs needs the trainer token (header x-trainer-token)',
        );
      }
    });
  },
  { name: 'auth', dependencies: ['playground-config', 'errors'] },
);
