import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLimiterTest } from './test-redis.ts';
import type { LimiterTestRedis } from './test-redis.ts';

const times = (at: number, n: number): number[] => Array.from({ length: n }, () => at);

describe('sliding-window-counter.lua', () => {
  let t: LimiterTestRedis;
  beforeAll(async () => {
    t = await connectLimiterTest();
  });
  afterAll(async () => {
    await t.close();
  });

  it('weights the previous window by the share of it still inside the sliding window', async () => {
    // 10 in window 0; halfway through window 1 the estimate is 10 × 0.5 + current.
    expect(await t.drive('sliding-window-counter', 'a', times(0, 11), 10, 1000)).toEqual([
      ...times(1, 10),
      0,
    ]);
    expect(await t.drive('sliding-window-counter', 'a', times(1500, 6), 10, 1000)).toEqual([
      ...times(1, 5),
      0,
    ]);
    // At 90% of window 1: 10 × 0.1 + 5 = 6, so 4 more fit.
    expect(await t.drive('sliding-window-counter', 'a', times(1900, 5), 10, 1000)).toEqual([
      ...times(1, 4),
      0,
    ]);
  });

  it('forgets everything after a whole idle window', async () => {
    await t.drive('sliding-window-counter', 'b', times(0, 10), 10, 1000);
    expect(await t.drive('sliding-window-counter', 'b', times(2000, 11), 10, 1000)).toEqual([
      ...times(1, 10),
      0,
    ]);
  });

  it('lets fewer through across a fixed-window edge than fixed-window does', async () => {
    const got = await t.drive(
      'sliding-window-counter',
      'edge',
      [900, 950, 990, 1000, 1010, 1020],
      3,
      1000,
    );
    // Just after the edge the previous window still counts 3 × 0.99: nothing more fits.
    expect(got).toEqual([1, 1, 1, 0, 0, 0]);
  });
});
