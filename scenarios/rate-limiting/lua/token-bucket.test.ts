import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLimiterTest } from './test-redis.ts';
import type { LimiterTestRedis } from './test-redis.ts';

const times = (at: number, n: number): number[] => Array.from({ length: n }, () => at);

describe('token-bucket.lua', () => {
  let t: LimiterTestRedis;
  beforeAll(async () => {
    t = await connectLimiterTest();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a full bucket burst, then refills one token every W / limit', async () => {
    // limit 5 per 1000 ms: a token every 200 ms.
    expect(await t.drive('token-bucket', 'a', times(0, 6), 5, 1000)).toEqual([1, 1, 1, 1, 1, 0]);
    // 100 ms: half a token; 250: 1.25 → 0.25 left; 300: 0.5; 460: 1.3 → 0.3 left.
    expect(await t.drive('token-bucket', 'a', [100, 250, 300, 460, 461], 5, 1000)).toEqual([
      0, 1, 0, 1, 0,
    ]);
  });

  it('never holds more than `limit` tokens, however long it idles', async () => {
    await t.drive('token-bucket', 'b', times(0, 5), 5, 1000);
    expect(await t.drive('token-bucket', 'b', times(60_000, 6), 5, 1000)).toEqual([
      1, 1, 1, 1, 1, 0,
    ]);
  });

  it('keeps fractional tokens exactly', async () => {
    // limit 3 per 1000 ms: 0.003 tokens per ms, so after 3 × 333.4 ms at least one is back.
    await t.drive('token-bucket', 'c', times(0, 3), 3, 1000);
    expect(await t.drive('token-bucket', 'c', [333, 334], 3, 1000)).toEqual([0, 1]);
  });
});
