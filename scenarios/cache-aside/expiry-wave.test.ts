import { describe, expect, it } from 'vitest';
import { ExpiryWaveDetector } from './expiry-wave.ts';

/** Feeds one origin-read rate per 500 ms and returns the times a wave was reported. */
function wavesIn(rates: number[], earliestMs: number): number[] {
  const detector = new ExpiryWaveDetector(4, 2000);
  const found: number[] = [];
  rates.forEach((rate, i) => {
    const at = (i + 1) * 500;
    if (detector.sample(rate, at, earliestMs, 20) !== undefined) found.push(at);
  });
  return found;
}

describe('ExpiryWaveDetector', () => {
  it('stays quiet while a cold cache warms up', () => {
    expect(wavesIn([320, 190, 90, 40, 45, 30, 25, 30, 28], 0)).toEqual([]);
  });

  it('reports the jump when entries cached together expire together, once', () => {
    // Warm-up, a quiet level near 30/s, then the entries cached in the first second expire.
    expect(wavesIn([320, 190, 90, 40, 45, 30, 15, 100, 170, 160, 95], 3000)).toEqual([4000]);
  });

  it('ignores jumps before one TTL has passed, and small ones', () => {
    expect(wavesIn([30, 30, 30, 30, 100, 30, 30], 5000)).toEqual([]);
    expect(wavesIn([5, 5, 5, 5, 15, 5], 0)).toEqual([]);
  });
});
