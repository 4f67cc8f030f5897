// The HDR-style percentile axis: x = -log10(1 - p), so each step to the right adds a nine
// (0 → 0, 90% → 1, 99% → 2, 99.9% → 3, 99.99% → 4) and the tail gets the room it needs.

export const PERCENTILE_TICKS = [0, 1, 2, 3, 4] as const;
const TICK_LABELS = ['0%', '90%', '99%', '99.9%', '99.99%'];
/** The axis ends at 99.99%; the 100th percentile (the max) is in the table, not on the plot. */
export const LAST_PERCENTILE = 99.99;

export function percentileX(percentile: number): number {
  return -Math.log10(1 - Math.min(percentile, LAST_PERCENTILE) / 100);
}

export function percentileTick(x: number): string {
  return TICK_LABELS[Math.round(x)] ?? '';
}

/** x back to a percentile, for the tooltip. */
export function percentileOf(x: number): string {
  const p = (1 - 10 ** -x) * 100;
  return `p${Number(p.toFixed(x >= 3 ? 2 : 1))}`;
}

/** A distribution as plot points; values at or below 0 go to a microsecond, for a log y axis. */
export function plotPoints(
  distribution: readonly { percentile: number; ms: number }[],
): { x: number; ms: number }[] {
  return distribution
    .filter((d) => d.percentile <= LAST_PERCENTILE)
    .map((d) => ({ x: percentileX(d.percentile), ms: Math.max(0.001, d.ms) }));
}
