import { describe, expect, it } from 'vitest';
import { RecentRatio } from './run.ts';

describe('RecentRatio', () => {
  it('follows a dip the cumulative ratio hides, and recovers after the window', () => {
    const recent = new RecentRatio(3000);
    let hits = 0;
    let requests = 0;
    const at = (ms: number, newHits: number, newRequests: number): number | undefined => {
      hits += newHits;
      requests += newRequests;
      return recent.sample(ms, hits, requests);
    };
    expect(at(0, 0, 0)).toBeUndefined();
    // 30 s at 95% hits, sampled every 500 ms (50 reads each).
    for (let t = 500; t <= 30_000; t += 500) at(t, 47.5, 50);
    expect(at(30_500, 47.5, 50)).toBeCloseTo(0.95);
    // An expiry wave: one second at 20% hits.
    at(31_000, 10, 50);
    const inWave = at(31_500, 10, 50);
    // Over the last 3 s: 4 samples at 95%, 2 at 20%.
    expect(inWave).toBeCloseTo((4 * 47.5 + 2 * 10) / 300);
    expect(hits / requests).toBeGreaterThan(0.92);
    for (let t = 32_000; t <= 34_500; t += 500) at(t, 47.5, 50);
    expect(at(35_000, 47.5, 50)).toBeCloseTo(0.95);
  });
});
