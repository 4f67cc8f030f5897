// The per-user rate limit: a token bucket in Redis (lua/token-bucket.lua), its rate and size
// live through /_control (`rateLimitPerSec`, `rateLimitBurst`). Over it: 429 with retry-after.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { numberField } from '../lib/control.ts';
import { defineLuaCommand } from '../lib/lua.ts';
import type { Service } from '../lib/service.ts';

type BucketReply = [allowed: number, remaining: number, retryMs: number];

interface WithTokenBucket extends Redis {
  tokenBucket(key: string, rate: number, burst: number): Promise<BucketReply>;
}

export function rateLimiter(
  service: Service,
  defaults: { perSec: number; burst: number },
  rejected: (request: FastifyRequest) => void,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  defineLuaCommand(
    service.redis,
    'tokenBucket',
    new URL('./lua/token-bucket.lua', import.meta.url),
    1,
  );
  const redis = service.redis as WithTokenBucket;
  service.control.define('rateLimitPerSec', numberField(0, 100_000), defaults.perSec);
  service.control.define('rateLimitBurst', numberField(1, 100_000), defaults.burst);
  return async (request, reply) => {
    const key = `${service.config.keyPrefix}ratelimit:${request.userId}`;
    const [allowed, remaining, retryMs] = await redis.tokenBucket(
      key,
      service.control.number('rateLimitPerSec'),
      service.control.number('rateLimitBurst'),
    );
    reply.header('x-ratelimit-remaining', String(remaining));
    if (allowed === 1) return;
    rejected(request);
    reply.header('retry-after', String(Math.max(1, Math.ceil(retryMs / 1000))));
    await reply.code(429).send({ error: 'rate' });
  };
}
