// When requests come, on the same clock the limiters judge by (ms since the run started, so
// fixed windows start at 0, W, 2W, … and the boundary pattern knows where their edges are).
// Each pattern is a series of bursts; during one, requests are paced at requestsPerSec × boost,
// and the boost is the cycle's length over the burst's, so the average stays requestsPerSec.
import type { Random } from '../src/sdk/random.ts';
import type { Pattern } from './params.ts';

export interface Burst {
  start: number;
  end: number;
  boost: number;
  /** The fixed-window edge a boundary burst straddles. */
  edge?: number;
}

/** Boundary: a burst of 10% of a window on each side of an edge, once every two windows. */
const BOUNDARY_HALF = 0.1;
/** Bursty: one burst of 30% of a window at a random moment of every two windows. */
const BURSTY_LENGTH = 0.3;
const CYCLE_WINDOWS = 2;

export interface TrafficSchedule {
  /** The next burst that ends after `now` (the one under way, if any). */
  next(now: number): Burst;
}

export function createSchedule(
  pattern: Pattern,
  windowMs: number,
  random: Random,
): TrafficSchedule {
  const cycle = CYCLE_WINDOWS * windowMs;
  if (pattern === 'steady') {
    return { next: (now) => ({ start: now, end: Number.POSITIVE_INFINITY, boost: 1 }) };
  }
  if (pattern === 'boundary') {
    const half = BOUNDARY_HALF * windowMs;
    let edge: number | undefined;
    return {
      next(now) {
        // Start with at least half a window of quiet, so the burst stands out.
        edge =
          edge === undefined
            ? Math.ceil((now + half + windowMs / 2) / windowMs) * windowMs
            : edge + cycle;
        while (edge + half <= now) edge += cycle;
        return { start: edge - half, end: edge + half, boost: cycle / (2 * half), edge };
      },
    };
  }
  const length = BURSTY_LENGTH * windowMs;
  let cycleStart: number | undefined;
  return {
    next(now) {
      cycleStart = cycleStart === undefined ? now : cycleStart + cycle;
      while (cycleStart + cycle <= now) cycleStart += cycle;
      const start = cycleStart + random.next() * (cycle - length);
      return { start, end: start + length, boost: cycle / length };
    },
  };
}
