// Where a chart's plot area lies inside its box. The SVG plot, the recharts plot and the HTML
// overlays (phase bands, markers) all place themselves by it, so they line up on live and
// finished runs alike.

export interface PlotGeometry {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Seconds since the run started at the left and right edges. */
  x0: number;
  x1: number;
}

export const MARGIN = { top: 8, right: 14, bottom: 22 };

export function plotGeometry(
  width: number,
  height: number,
  axisWidth: number,
  x0: number,
  x1: number,
): PlotGeometry {
  return {
    left: axisWidth,
    top: MARGIN.top,
    width: Math.max(10, width - axisWidth - MARGIN.right),
    height: Math.max(10, height - MARGIN.top - MARGIN.bottom),
    x0,
    x1,
  };
}

/** The x in pixels of `seconds`. */
export function xAt(g: PlotGeometry, seconds: number): number {
  const span = g.x1 - g.x0;
  return g.left + (span === 0 ? 0 : ((seconds - g.x0) / span) * g.width);
}

/** The dash of a series identical to an earlier one: the solid line shows through its gaps. */
export const SAME_DASH = '7 5';
