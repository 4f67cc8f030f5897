import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLimiterTest } from './test-redis.ts';
import type { LimiterTestRedis } from './test-redis.ts';

describe('fixed-window.lua', () => {
  let t: LimiterTestRedis;
  beforeAll(async () => {
    t = await connectLimiterTest();
  });
  afterAll(async () => {
    await t.close();
  });

  it('allows `limit` per window and starts again at the next window', async () => {
    const got = await t.drive(
      'fixed-window',
      'a',
      [0, 100, 200, 300, 999, 1000, 1001, 1002, 1003],
      3,
      1000,
    );
    expect(got).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 0]);
  });

  it('lets 2 × limit through within one window length across the edge', async () => {
    const got = await t.drive(
      'fixed-window',
      'edge',
      [900, 950, 990, 1000, 1010, 1020, 1030],
      3,
      1000,
    );
    expect(got).toEqual([1, 1, 1, 1, 1, 1, 0]);
  });

  it('counts each client separately and lets the key expire after a window', async () => {
    await t.drive('fixed-window', 'b', [0, 1, 2], 3, 1000);
    expect(await t.drive('fixed-window', 'c', [3], 3, 1000)).toEqual([1]);
    const ttl = await t.redis.pttl(`${t.prefix}fixed-window:b`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
  });
});
