// Logins: a seeded user's password checked, a session written to Redis with the token's TTL,
// and a user JWT (audience gateway) carrying the session id. Logout deletes the session.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { passwordOf, userById } from '../../lib/catalog.ts';
import type { Service } from '../../lib/service.ts';
import type { KeyRing } from '../keys.ts';
import { signToken } from '../tokens.ts';

export interface SessionOptions {
  service: Service;
  keys: KeyRing;
  users: number;
  userTokenTtlSec: number;
}

export const sessionKey = (prefix: string, sid: string): string => `${prefix}session:${sid}`;

export const sessionRoutes: FastifyPluginAsync<SessionOptions> = async (app, opts) => {
  const { service, keys } = opts;
  const logins = service.metrics.counter('shop_auth_logins_total', 'Login attempts', ['result']);
  const issued = service.metrics.counter('shop_auth_tokens_issued_total', 'Tokens signed', [
    'kind',
  ]);

  app.post<{ Body: { user?: string; password?: string } }>('/login', async (request, reply) => {
    const { user = '', password = '' } = request.body ?? {};
    if (userById(user, opts.users) === undefined || password !== passwordOf(user)) {
      logins.inc({ result: 'refused' });
      return reply.code(401).send({ error: 'credentials' });
    }
    const sessionId = randomUUID();
    await service.redis.set(
      sessionKey(service.config.keyPrefix, sessionId),
      user,
      'EX',
      opts.userTokenTtlSec,
    );
    const signed = await signToken(
      keys,
      { sub: user, aud: 'gateway', sid: sessionId },
      opts.userTokenTtlSec,
    );
    logins.inc({ result: 'ok' });
    issued.inc({ kind: 'user' });
    return { token: signed.token, sessionId, userId: user, expiresAt: signed.expiresAt };
  });

  app.post<{ Body: { sessionId?: string } }>('/logout', async (request, reply) => {
    const sid = request.body?.sessionId;
    if (sid) await service.redis.del(sessionKey(service.config.keyPrefix, sid));
    return reply.code(204).send();
  });
};
