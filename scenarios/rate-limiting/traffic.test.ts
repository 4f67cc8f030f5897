import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../src/sdk/random.ts';
import { createSchedule } from './traffic.ts';

describe('traffic schedules', () => {
  it('steady is one endless burst at the plain rate', () => {
    const schedule = createSchedule('steady', 1000, createRandom(1));
    expect(schedule.next(123)).toEqual({ start: 123, end: Infinity, boost: 1 });
  });

  it('boundary straddles a fixed-window edge every two windows, after some quiet', () => {
    const schedule = createSchedule('boundary', 1000, createRandom(1));
    const first = schedule.next(0);
    expect(first).toEqual({ start: 900, end: 1100, boost: 10, edge: 1000 });
    expect(schedule.next(1100)).toMatchObject({ start: 2900, end: 3100, edge: 3000 });
    // Whatever time it starts at, a burst is centred on a multiple of the window.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 500, max: 60_000 }),
        (now, w) => {
          const burst = createSchedule('boundary', w, createRandom(1)).next(now);
          expect(burst.edge).toBeDefined();
          expect((burst.edge ?? 0) % w).toBe(0);
          expect(burst.start).toBeGreaterThan(now);
        },
      ),
    );
  });

  it('bursty keeps the average rate: one burst per cycle, boost = cycle / burst', () => {
    const schedule = createSchedule('bursty', 1000, createRandom(7));
    let now = 0;
    for (let cycle = 0; cycle < 20; cycle++) {
      const burst = schedule.next(now);
      expect(burst.start).toBeGreaterThanOrEqual(cycle * 2000);
      expect(burst.end).toBeLessThanOrEqual((cycle + 1) * 2000);
      expect((burst.end - burst.start) * burst.boost).toBeCloseTo(2000);
      now = burst.end;
    }
  });
});
