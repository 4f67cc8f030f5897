import { describe, expect, it } from 'vitest';
import { SlowOrigin } from './origin.ts';

describe('SlowOrigin', () => {
  it('counts its reads, the most at once overall and per key, and numbers generations', async () => {
    const origin = new SlowOrigin(2, () => 20);
    const first = await Promise.all([origin.read(0), origin.read(0), origin.read(1)]);
    expect(first.map((c) => c.gen).sort()).toEqual([1, 1, 2]);
    expect(origin.reads.total).toBe(3);
    expect(origin.inFlightMax).toBe(3);
    expect(origin.keyInFlightMax).toBe(2);
    expect(origin.inFlight).toBe(0);
    expect(origin.takePeak()).toBe(3);
    expect(origin.takePeak()).toBe(0);
    await origin.read(1);
    expect(origin.generations).toEqual([2, 2]);
    expect(origin.keyInFlightMax).toBe(2);
  });
});
