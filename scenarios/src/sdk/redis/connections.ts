// Separate Redis connections for a run's simulated clients, so each client has its own socket
// and its own place in Redis's command order (one shared connection would serialise them all).
// The engine tracks every connection newRedis() opens and closes it when the run ends.
import type { Redis } from 'ioredis';
import type { BrokerClients } from '../contract.ts';

export interface RedisClientsOptions {
  /**
   * The name each connection shows in CLIENT LIST (no spaces), given its index from 0; e.g.
   * `(i) => ctx.names.key('reader', i + 1)`. Omitted, connections keep the engine's name.
   */
  name?: (index: number) => string;
}

/** Opens `count` new connections, named when asked, ready to use. */
export async function openRedisClients(
  brokers: Pick<BrokerClients, 'newRedis'>,
  count: number,
  options: RedisClientsOptions = {},
): Promise<Redis[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const redis = await brokers.newRedis();
      if (options.name !== undefined) await nameConnection(redis, options.name(i));
      return redis;
    }),
  );
}

/**
 * Names a connection (CLIENT SETNAME) and keeps the name across reconnects: ioredis sends
 * `connectionName` again each time it reconnects.
 */
export async function nameConnection(redis: Redis, name: string): Promise<void> {
  if (!/^[!-~]+$/.test(name)) {
    throw new Error(`a Redis connection name must be printable with no spaces: "${name}"`);
  }
  await redis.client('SETNAME', name);
  redis.options.connectionName = name;
}
