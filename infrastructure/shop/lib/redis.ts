// The service's Redis connection: commands fail fast while Redis is unreachable (a request
// answers 5xx rather than hanging), and it reconnects by itself.
import { Redis } from 'ioredis';

export function connectRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 200,
    connectTimeout: 2_000,
  });
  redis.on('error', () => undefined);
  return redis;
}

export type { Redis };
