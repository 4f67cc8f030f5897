// The two pieces of bookkeeping the checks rest on: the outage clock and the confirmed-vs-drained
// count with the outage window.
import { describe, expect, it } from 'vitest';
import { SeenSet } from '../src/sdk/seen-set.ts';
import { missing } from './drain.ts';
import { OutageClock } from './outage-clock.ts';

describe('OutageClock', () => {
  it('counts from the first failure to the next confirm, once per outage, live while down', () => {
    let now = 0;
    const clock = new OutageClock(() => now);
    clock.up(); // a confirm with no outage adds nothing
    now = 100;
    clock.down();
    now = 150;
    clock.down(); // a second failure in the same outage does not restart it
    now = 400;
    expect(clock.unavailableMs).toBe(300);
    clock.up();
    now = 1000;
    expect(clock.unavailableMs).toBe(300);
    clock.down();
    now = 1050;
    expect(clock.unavailableMs).toBe(350);
    expect(clock.outages).toBe(2);
    expect(clock.isDown).toBe(true);
  });
});

describe('missing', () => {
  it('counts confirmed ids absent from the drain, and those confirmed outside the window', () => {
    const confirmed = new SeenSet();
    const drained = new SeenSet();
    const at: number[] = [];
    for (let id = 0; id < 10; id++) {
      if (id !== 9) confirmed.add(id); // 9 was never confirmed: not lost when missing
      at[id] = id * 100;
    }
    for (const id of [0, 1, 2, 6, 7]) drained.add(id);
    // Missing and confirmed: 3, 4, 5 (at 300–500 ms) and 8 (at 800 ms).
    expect(missing(confirmed, drained, 10, at, { fromMs: 250, toMs: 550 })).toEqual({
      lost: 4,
      outside: 1,
    });
    expect(missing(confirmed, drained, 10, at)).toEqual({ lost: 4, outside: 0 });
  });
});
