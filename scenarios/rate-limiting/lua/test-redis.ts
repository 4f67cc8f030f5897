// For the limiter tests: a connection to the live Redis with the limiters defined, keys under a
// prefix of the test's own, and a cleanup that deletes exactly those keys.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deletePrefix } from '../../src/sdk/redis/index.ts';
import { COMMAND, defineLimiters } from './commands.ts';
import type { Algorithm, LimiterRedis } from './commands.ts';

export interface LimiterTestRedis {
  redis: LimiterRedis;
  prefix: string;
  /**
   * Offers one request per entry of `times` (ms on the test's clock) to `algorithm` for the
   * client `client`, in order, and returns 1/0 for each.
   */
  drive(
    algorithm: Algorithm,
    client: string,
    times: number[],
    limit: number,
    windowMs: number,
  ): Promise<number[]>;
  close(): Promise<void>;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function connectLimiterTest(): Promise<LimiterTestRedis> {
  const redis = defineLimiters(
    new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 }),
  );
  await redis.connect();
  const prefix = `pg:test${randomBytes(4).toString('hex')}:`;
  let requestId = 0;
  return {
    redis,
    prefix,
    async drive(algorithm, client, times, limit, windowMs) {
      const key = `${prefix}${algorithm}:${client}`;
      const results: number[] = [];
      for (const t of times) {
        results.push(await redis[COMMAND[algorithm]](key, t, limit, windowMs, ++requestId));
      }
      return results;
    },
    async close() {
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}
