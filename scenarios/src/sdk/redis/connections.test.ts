import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { nameConnection, openRedisClients } from './connections.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('openRedisClients on the live Redis', () => {
  // Stands in for the engine's BrokerClients: it tracks what it opened so the test can close it.
  const opened: Redis[] = [];
  const brokers = {
    async newRedis(): Promise<Redis> {
      const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      opened.push(redis);
      await redis.connect();
      return redis;
    },
  };
  const tag = `pg:test${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await Promise.all(opened.map((r) => r.quit()));
  });

  it('opens separate named connections that show in CLIENT LIST', async () => {
    const clients = await openRedisClients(brokers, 3, { name: (i) => `${tag}:client:${i + 1}` });
    expect(clients).toHaveLength(3);
    const ids = await Promise.all(clients.map((c) => c.client('ID')));
    expect(new Set(ids).size).toBe(3);
    const list = String(await clients[0]?.client('LIST'));
    const names = [...list.matchAll(/ name=(\S+)/g)]
      .map((m) => m[1])
      .filter((n) => n?.startsWith(tag));
    expect(names.sort()).toEqual([`${tag}:client:1`, `${tag}:client:2`, `${tag}:client:3`]);
  });

  it('keeps the name across a reconnect', async () => {
    const [client, killer] = await openRedisClients(brokers, 2, { name: () => `${tag}:again` });
    if (client === undefined || killer === undefined) throw new Error('no connection');
    const reconnected = new Promise((resolve) => client.once('ready', resolve));
    await killer.client('KILL', 'ID', String(await client.client('ID')));
    await reconnected;
    expect(await client.client('GETNAME')).toBe(`${tag}:again`);
  }, 5000);

  it('refuses a name Redis would reject', async () => {
    const [client] = await openRedisClients(brokers, 1);
    if (client === undefined) throw new Error('no connection');
    await expect(nameConnection(client, 'has a space')).rejects.toThrow(/no spaces/);
  });
});
