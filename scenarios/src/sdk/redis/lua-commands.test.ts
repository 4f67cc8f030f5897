import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { defineLuaCommands, luaSource } from './lua-commands.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FIXTURES = new URL('./fixtures/', import.meta.url);

interface TestCommands {
  cappedIncr(key: string, cap: number): Promise<number>;
}

describe('defineLuaCommands on the live Redis', () => {
  let redis: Redis;
  const key = `pg:test${randomBytes(4).toString('hex')}:counter`;

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  it('defines a command from its .lua file and runs it with keys and args', async () => {
    const r = defineLuaCommands<TestCommands>(redis, FIXTURES, {
      cappedIncr: { file: 'capped-incr', numberOfKeys: 1 },
    });
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await r.cappedIncr(key, 3));
    expect(got).toEqual([1, 2, 3, 3]);
  });

  it('runs inside a pipeline', async () => {
    const r = defineLuaCommands<TestCommands>(redis, FIXTURES, {
      cappedIncr: { file: 'capped-incr', numberOfKeys: 1 },
    });
    await redis.del(key);
    const pipeline = r.pipeline() as ReturnType<Redis['pipeline']> & {
      cappedIncr(key: string, cap: number): unknown;
    };
    pipeline.cappedIncr(key, 5);
    pipeline.cappedIncr(key, 5);
    expect(await pipeline.exec()).toEqual([
      [null, 1],
      [null, 2],
    ]);
  });

  it('names the missing file', () => {
    expect(() => luaSource(FIXTURES, 'no-such-script')).toThrow(/no-such-script\.lua/);
  });
});
