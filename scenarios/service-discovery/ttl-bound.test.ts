import { expect, it } from 'vitest';
import { errorBound, exposureWindowMs } from './ttl-bound.ts';

it('allows one pick in N of the window, plus the round-robin’s phase and the requests in flight', () => {
  expect(exposureWindowMs(2000)).toBe(2350);
  expect(errorBound({ sentInWindow: 300, instancesAtKill: 3, inFlight: 4 })).toBe(100 + 3 + 4);
  expect(errorBound({ sentInWindow: 301, instancesAtKill: 3, inFlight: 0 })).toBe(101 + 3);
  // A lone instance: every request in the window fails.
  expect(errorBound({ sentInWindow: 50, instancesAtKill: 1, inFlight: 1 })).toBe(52);
  expect(errorBound({ sentInWindow: 50, instancesAtKill: 0, inFlight: 0 })).toBe(51);
});
