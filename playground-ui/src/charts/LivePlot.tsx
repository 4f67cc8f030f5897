// The plot of a live chart: plain SVG paths, rebuilt from the frames in one pass. While a run
// goes this redraws every frame (4 a second, 5+ charts), so it stays cheap: a handful of
// elements per chart instead of a component tree per point and axis. Finished runs are drawn
// with recharts instead (RecordedPlot), with its tooltips.
import { memo } from 'react';
import type { Frame } from '../api/types';
import type { Series } from './series';
import { linear } from './scale';
import { timeTicks } from './ticks';
import type { PlotGeometry } from './geometry';
import { SAME_DASH } from './geometry';

interface Props {
  series: Series[];
  frames: Frame[];
  width: number;
  height: number;
  geometry: PlotGeometry;
  /** Raw values, 0 to the top of the axis (fitted to the load phase). */
  yTicks: number[];
  /** The ticks as the axis writes them, in the unit it shows. */
  yLabels: string[];
  /** Series identical to an earlier one: drawn dashed so both can be seen. */
  dashed: ReadonlyMap<string, string>;
}

function linePath(
  frames: Frame[],
  key: string,
  x: (f: Frame) => number,
  y: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (const frame of frames) {
    const v = frame.values[key];
    if (v === undefined || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(frame).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function bandPath(
  frames: Frame[],
  lowKey: string,
  highKey: string,
  x: (f: Frame) => number,
  y: (v: number) => number,
): string {
  const points = frames.filter(
    (f) => f.values[lowKey] !== undefined && f.values[highKey] !== undefined,
  );
  if (points.length < 2) return '';
  let d = '';
  points.forEach((f, i) => {
    d += `${i === 0 ? 'M' : 'L'}${x(f).toFixed(1)},${y(f.values[highKey] ?? 0).toFixed(1)}`;
  });
  for (let i = points.length - 1; i >= 0; i--) {
    const f = points[i] as Frame;
    d += `L${x(f).toFixed(1)},${y(f.values[lowKey] ?? 0).toFixed(1)}`;
  }
  return `${d}Z`;
}

function LivePlotImpl({ series, frames, width, height, geometry, yTicks, yLabels, dashed }: Props) {
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const { left, top, width: plotW, height: plotH } = geometry;
  const xs = linear([geometry.x0, geometry.x1], [left, left + plotW]);
  const ys = linear([0, yMax], [top + plotH, top]);
  const x = (f: Frame): number => xs(f.t / 1000);
  // Values above the axis (a drain's burst) run along its top; the chart's cue says so.
  const y = (v: number): number => ys(Math.min(v, yMax));
  const xTicks = timeTicks(xs.domain[0], xs.domain[1], width > 500 ? 8 : 6);

  return (
    <svg className="live-plot" width={width} height={height} aria-hidden="true">
      <g className="chart-gridlines">
        {yTicks.map((t) => (
          <line key={t} x1={left} x2={left + plotW} y1={ys(t)} y2={ys(t)} />
        ))}
      </g>
      <g className="chart-axis y">
        {yTicks.map((t, i) => (
          <text key={t} x={left - 6} y={ys(t)} dy="0.32em" textAnchor="end">
            {yLabels[i]}
          </text>
        ))}
      </g>
      <g className="chart-axis x">
        <line x1={left} x2={left + plotW} y1={top + plotH} y2={top + plotH} />
        {xTicks.map((t) => (
          <text key={t} x={xs(t)} y={top + plotH + 15} textAnchor="middle">
            {Math.round(t)}s
          </text>
        ))}
      </g>
      <g className="series">
        {series.map((s) =>
          s.kind === 'band' ? (
            <path
              key={s.id}
              className="band"
              d={bandPath(frames, s.lowKey, s.highKey, x, y)}
              fill={s.color}
            />
          ) : (
            <path
              key={s.id}
              className="line"
              d={linePath(frames, s.key, x, y)}
              stroke={s.color}
              strokeDasharray={dashed.has(s.id) ? SAME_DASH : undefined}
              data-series={s.id}
            />
          ),
        )}
      </g>
    </svg>
  );
}

export const LivePlot = memo(LivePlotImpl);
