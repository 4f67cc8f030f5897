// Authentication at the edge: the user's JWT verified against auth-service's JWKS (audience
// gateway), then its session looked up in Redis (a logout ends it before the token expires).
// A refusal is 401 `{ error: reason }`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Service } from '../lib/service.ts';
import { bearer } from '../lib/token-verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user (set by edge auth). */
    userId: string;
  }
}

export type EdgeRefusal = 'missing' | 'forged' | 'expired' | 'audience' | 'session';

export function edgeAuth(
  service: Service,
  refused: (reason: EdgeRefusal) => void,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  service.app.decorateRequest('userId', '');
  return async (request, reply) => {
    const verdict = await service.verifier.verify(bearer(request.headers.authorization), 'gateway');
    if (!verdict.ok) {
      if (verdict.reason === 'unavailable') {
        await reply.code(503).send({ error: 'auth-unavailable' });
        return;
      }
      refused(verdict.reason);
      service.metrics.authRefused.inc({ reason: verdict.reason });
      await reply.code(401).send({ error: verdict.reason });
      return;
    }
    const { sub, sid } = verdict.claims as { sub?: string; sid?: string };
    const owner = sid ? await service.redis.get(`${service.config.keyPrefix}session:${sid}`) : null;
    if (!sub || owner !== sub) {
      refused('session');
      await reply.code(401).send({ error: 'session' });
      return;
    }
    request.userId = sub;
  };
}
