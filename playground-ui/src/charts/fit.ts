// The y-scale of a chart: fitted to the load phase, so the drain's burst of catching up (7,560
// msg/s for a third of a second) does not flatten the 100 against 50 msg/s the lesson is about.
import type { Frame } from '../api/types.ts';
import { niceTicks } from './scale.ts';

export interface YFit {
  /** Ticks in raw units, from 0 to the top of the axis. */
  ticks: number[];
  max: number;
  /** The largest value over every frame shown, drain included. */
  peak: number;
  /** Some value lies above the axis (in the drain, usually): the chart says so. */
  offScale: boolean;
}

const RATIO_TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * `keys` are the keys drawn (a band's upper key included); `untilMs` is where the fit stops
 * looking (the drain's start), or undefined for every frame. `factor` converts to the unit the
 * axis shows, so its ticks are round in that unit.
 */
export function fitY(
  frames: readonly Frame[],
  keys: readonly string[],
  options: { untilMs?: number | undefined; ratio?: boolean; factor?: number } = {},
): YFit {
  const { untilMs, ratio = false, factor = 1 } = options;
  let fitted = 0;
  let peak = 0;
  for (const frame of frames) {
    const inFit = untilMs === undefined || frame.t <= untilMs;
    for (const key of keys) {
      const v = frame.values[key];
      if (v === undefined || !Number.isFinite(v)) continue;
      if (v > peak) peak = v;
      if (inFit && v > fitted) fitted = v;
    }
  }
  if (ratio) return { ticks: RATIO_TICKS, max: 1, peak, offScale: peak > 1 };
  // Nothing measured before the drain: the drain is all there is to show.
  const basis = fitted > 0 ? fitted : peak;
  const ticks = niceTicks(basis * factor, 4).map((t) => t / factor);
  const max = ticks[ticks.length - 1] ?? 1;
  return { ticks, max, peak, offScale: peak > max * 1.0001 };
}
