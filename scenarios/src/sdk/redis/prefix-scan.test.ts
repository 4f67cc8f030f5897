import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { deletePrefix, globEscape, scanKeys } from './prefix-scan.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('scanKeys and deletePrefix on the live Redis', () => {
  let redis: Redis;
  const prefix = `pg:test${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2500; i++) pipeline.set(`${prefix}k:${i}`, '1');
    // A key that matches only if the prefix's glob characters were taken as globs.
    pipeline.set(`${prefix.slice(0, -1)}X*`, '1');
    await pipeline.exec();
  });

  afterAll(async () => {
    await redis.del(`${prefix.slice(0, -1)}X*`);
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('finds every key under the prefix, each once, and says the scan completed', async () => {
    const { keys, complete } = await scanKeys(redis, prefix, { count: 100 });
    expect(complete).toBe(true);
    expect(keys).toHaveLength(2500);
    expect(new Set(keys).size).toBe(2500);
    expect(keys.every((k) => k.startsWith(prefix))).toBe(true);
  });

  it('stops at its budget and says the scan was cut short', async () => {
    const { keys, complete } = await scanKeys(redis, prefix, { budgetMs: 0, count: 10 });
    expect(complete).toBe(false);
    expect(keys.length).toBeLessThan(2500);
  });

  it('treats glob characters in a prefix literally', async () => {
    expect(globEscape('a*b?[c]\\')).toBe('a\\*b\\?\\[c\\]\\\\');
    const star = `${prefix.slice(0, -1)}*`;
    const { keys } = await scanKeys(redis, star);
    expect(keys).toEqual([]);
  });

  it('deletes every key under the prefix and counts what Redis removed', async () => {
    const { deleted, complete } = await deletePrefix(redis, prefix, { budgetMs: 5000 });
    expect(complete).toBe(true);
    expect(deleted).toBe(2500);
    expect((await scanKeys(redis, prefix)).keys).toEqual([]);
    expect(await redis.exists(`${prefix.slice(0, -1)}X*`)).toBe(1);
  });
});
