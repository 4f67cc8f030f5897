// Service-to-service auth on a service's business routes: a bearer service token whose audience
// is this service, or 401 `{ error: <reason> }` counted in shop_auth_refused_total.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceApp } from './app.ts';
import { bearer } from './token-verifier.ts';
import type { TokenVerifier } from './token-verifier.ts';

/** A preHandler for the service's business routes. */
export function requireServiceToken(
  service: ServiceApp,
  verifier: TokenVerifier,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const verdict = await verifier.verify(
      bearer(request.headers.authorization),
      service.config.service,
    );
    if (verdict.ok) return;
    if (verdict.reason === 'unavailable') {
      await reply.code(503).send({ error: 'auth-unavailable', detail: verdict.detail });
      return;
    }
    service.metrics.authRefused.inc({ reason: verdict.reason });
    await reply.code(401).send({ error: verdict.reason });
  };
}
