import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLimiterTest } from './test-redis.ts';
import type { LimiterTestRedis } from './test-redis.ts';

describe('sliding-log.lua', () => {
  let t: LimiterTestRedis;
  beforeAll(async () => {
    t = await connectLimiterTest();
  });
  afterAll(async () => {
    await t.close();
  });

  it('allows a request only while fewer than `limit` lie in (now − W, now]', async () => {
    const got = await t.drive(
      'sliding-log',
      'a',
      [0, 100, 200, 500, 999.999, 1000, 1050, 1100],
      3,
      1000,
    );
    // At 1000 the request from 0 has just left the window; at 1100 the one from 100 has.
    expect(got).toEqual([1, 1, 1, 0, 0, 1, 0, 1]);
  });

  it('does not let a burst across a fixed-window edge exceed the limit', async () => {
    const got = await t.drive(
      'sliding-log',
      'edge',
      [900, 950, 990, 1000, 1010, 1899, 1900],
      3,
      1000,
    );
    expect(got).toEqual([1, 1, 1, 0, 0, 0, 1]);
  });

  it('logs only allowed requests, never more than `limit`', async () => {
    await t.drive('sliding-log', 'b', [0, 1, 2, 3, 4, 5, 6], 3, 1000);
    expect(await t.redis.zcard(`${t.prefix}sliding-log:b`)).toBe(3);
    const log = await t.redis.zrange(`${t.prefix}sliding-log:b`, 0, -1, 'WITHSCORES');
    // [member, score, …]: the scores are the times of the first three requests.
    expect(log.filter((_, i) => i % 2 === 1)).toEqual(['0', '1', '2']);
  });
});
