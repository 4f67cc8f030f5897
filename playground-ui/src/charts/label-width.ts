// How wide the y-axis must be for its longest label, so "13.5K" is never clipped to "l3.5K".

/** Width in px of `text` at `fontPx`. */
export type Measure = (text: string, fontPx: number) => number;

// Without a canvas (tests, server): digits in common sans-serif fonts run up to about 0.64 em.
export const estimateWidth: Measure = (text, fontPx) => text.length * 0.64 * fontPx;

// The tick mark and its gap to the label (recharts: 6 + 2 px), plus room so nothing touches
// the card's edge.
const GAP_PX = 14;
const MIN_PX = 28;

export function axisWidth(
  labels: readonly string[],
  fontPx: number,
  measure: Measure = estimateWidth,
): number {
  const widest = Math.max(0, ...labels.map((l) => measure(l, fontPx)));
  return Math.max(MIN_PX, Math.ceil(widest) + GAP_PX);
}
