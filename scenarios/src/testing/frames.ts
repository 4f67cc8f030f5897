// Reading a finished run in tests: summary values, frame windows, rates between two moments.
import type { Frame } from '../sdk/index.ts';
import type { CheckOutcome, FinishedRunView } from '../engine/index.ts';

/** A summary value, NaN when the run never recorded it (so `toBe(0)` cannot pass by accident). */
export const summaryOf = (run: { summary: Record<string, number> }, key: string): number =>
  run.summary[key] ?? Number.NaN;

/** The frames whose time falls in [fromMs, toMs]. */
export const framesBetween = (run: { frames: Frame[] }, fromMs: number, toMs: number): Frame[] =>
  run.frames.filter((f) => f.t >= fromMs && f.t <= toMs);

/** A counter's average rate per second between two moments, from the frames' running totals. */
export function rateBetween(
  run: { frames: Frame[] },
  key: string,
  fromMs: number,
  toMs: number,
): number {
  const a = run.frames.find((f) => f.t >= fromMs);
  const b = run.frames.findLast((f) => f.t <= toMs);
  if (a === undefined || b === undefined || b.t <= a.t) {
    throw new Error(`no frames between ${fromMs} and ${toMs} ms`);
  }
  return (((b.values[key] ?? 0) - (a.values[key] ?? 0)) * 1000) / (b.t - a.t);
}

/** The outcome of one check by id; throws when the run has no such check. */
export function checkOf(run: FinishedRunView, id: string): CheckOutcome {
  const check = run.checks.find((c) => c.id === id);
  if (check === undefined) {
    throw new Error(`no check "${id}" (has: ${run.checks.map((c) => c.id).join(', ')})`);
  }
  return check;
}
