import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLimiterTest } from './test-redis.ts';
import type { LimiterTestRedis } from './test-redis.ts';

const times = (at: number, n: number): number[] => Array.from({ length: n }, () => at);

describe('gcra.lua', () => {
  let t: LimiterTestRedis;
  beforeAll(async () => {
    t = await connectLimiterTest();
  });
  afterAll(async () => {
    await t.close();
  });

  it('allows a burst of `limit`, then one every W / limit', async () => {
    // limit 5 per 1000 ms: one due every 200 ms.
    expect(await t.drive('gcra', 'a', times(0, 6), 5, 1000)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(await t.drive('gcra', 'a', [100, 200, 250, 399, 400, 401], 5, 1000)).toEqual([
      0, 1, 0, 0, 1, 0,
    ]);
  });

  it('stores one timestamp that expires once the client is back on schedule', async () => {
    await t.drive('gcra', 'b', times(0, 5), 5, 1000);
    const ttl = await t.redis.pttl(`${t.prefix}gcra:b`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    expect(Number(await t.redis.get(`${t.prefix}gcra:b`))).toBe(1000);
  });

  it('allows exactly `limit` in a burst when W / limit is not a whole number', async () => {
    expect(await t.drive('gcra', 'c', times(0, 4), 3, 1000)).toEqual([1, 1, 1, 0]);
    expect(await t.drive('gcra', 'd', times(5000, 8), 7, 1000)).toEqual([...times(1, 7), 0]);
  });
});
