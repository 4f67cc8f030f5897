import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AllowedWindow } from './allowed-window.ts';

/** The most points in any half-open window of length w, by brute force. */
function bruteMax(times: number[], w: number): number {
  let best = 0;
  for (const end of times)
    best = Math.max(best, times.filter((t) => t > end - w && t <= end).length);
  return best;
}

describe('AllowedWindow', () => {
  it('counts what lies in (t − W, t]', () => {
    const window = new AllowedWindow(1000, 2);
    expect([0, 500, 999, 1000, 1500, 2500].map((t) => window.add(t))).toEqual([1, 2, 3, 3, 3, 1]);
  });

  it('tracks the same maximum as brute force, however the buffer grows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (gaps, w) => {
          const times: number[] = [];
          let t = 0;
          for (const gap of gaps) times.push((t += gap));
          const window = new AllowedWindow(w, 2);
          let max = 0;
          for (const time of times) max = Math.max(max, window.add(time));
          expect(max).toBe(bruteMax(times, w));
        },
      ),
    );
  });

  it('counts the remembered requests after a time', () => {
    const window = new AllowedWindow(1000, 4);
    for (const t of [100, 200, 300, 900]) window.add(t);
    expect(window.countAfter(200)).toBe(2);
    expect(window.countAfter(0)).toBe(4);
  });
});
