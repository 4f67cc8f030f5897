// The public keys (JWKS) every verifier fetches, service tokens for callers that show the shared
// secret, and live key rotation.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Service } from '../../lib/service.ts';
import type { KeyRing } from '../keys.ts';
import { signToken } from '../tokens.ts';

export interface KeyRouteOptions {
  service: Service;
  keys: KeyRing;
  serviceTokenTtlSec: number;
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const keyRoutes: FastifyPluginAsync<KeyRouteOptions> = async (app, opts) => {
  const { service, keys } = opts;
  const issued = service.metrics.counter(
    'shop_auth_service_tokens_total',
    'Service tokens signed',
    ['audience'],
  );
  const rotations = service.metrics.counter(
    'shop_auth_key_rotations_total',
    'Signing key rotations',
  );
  const published = service.metrics.gauge('shop_auth_jwks_keys', 'Keys in the JWKS');
  published.set(keys.published);

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const jwks = keys.jwks();
    published.set(jwks.keys.length);
    return jwks;
  });

  app.post<{ Body: { service?: string; audience?: string } }>(
    '/service-token',
    async (request, reply) => {
      if (!sameSecret(request.headers['x-service-secret'], service.config.serviceSecret)) {
        return reply.code(401).send({ error: 'secret' });
      }
      const { service: caller, audience } = request.body ?? {};
      if (!caller || !audience)
        return reply.code(400).send({ error: 'service and audience required' });
      const signed = await signToken(keys, { sub: caller, aud: audience }, opts.serviceTokenTtlSec);
      issued.inc({ audience });
      return signed;
    },
  );

  app.post('/rotate', async () => {
    const result = await keys.rotate();
    rotations.inc();
    published.set(keys.published);
    return result;
  });
};
