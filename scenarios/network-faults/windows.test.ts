// Which window a request counts in: the checks compare the two, so a request straddling an edge
// must not lend its latency to either.
import { describe, expect, it } from 'vitest';
import { Histogram } from '../src/sdk/recorders.ts';
import { FaultWindows } from './windows.ts';

const windows = (): FaultWindows =>
  new FaultWindows(1000, { before: new Histogram(), fault: new Histogram() });

describe('FaultWindows', () => {
  it('starts the before window a warm-up after the first answer', () => {
    const w = windows();
    w.observe(0, 10); // the first answer: warm until 1010
    w.observe(500, 1005);
    expect(w.before.completed).toBe(0);
    w.observe(1020, 1030);
    expect(w.before).toEqual({ completed: 1, whole: 1, latencySumMs: 10 });
  });

  it('counts a request answered after the fault began in the fault window, its latency in neither', () => {
    const w = windows();
    w.observe(0, 1);
    w.applied(5000);
    w.observe(4990, 5100); // sent before, answered during
    expect(w.fault).toEqual({ completed: 1, whole: 0, latencySumMs: 0 });
    expect(w.before.completed).toBe(0);
    w.observe(5000, 5100);
    expect(w.fault).toEqual({ completed: 2, whole: 1, latencySumMs: 100 });
  });

  it('closes the fault window at the lift, and its length with it', () => {
    const w = windows();
    w.observe(0, 1);
    w.applied(5000);
    w.lifted(10_000);
    w.observe(9950, 10_050); // answered after the lift: in no window
    expect(w.fault.completed).toBe(0);
    expect(w.lengths(15_000)).toEqual({ beforeMs: 5000 - 1001, faultMs: 5000 });
  });

  it('has no fault window when the toxic was never applied, and ignores a lift without it', () => {
    const w = windows();
    w.observe(0, 1);
    w.lifted(3000);
    expect(w.liftedAt).toBeUndefined();
    expect(w.lengths(4001)).toEqual({ beforeMs: 3000, faultMs: 0 });
  });
});
