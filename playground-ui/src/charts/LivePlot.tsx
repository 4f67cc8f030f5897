// The plot of a live chart: plain SVG paths, rebuilt from the frames in one pass. While a run
// goes this redraws every frame (4 a second, 5+ charts), so it stays cheap: a handful of
// elements per chart instead of a component tree per point and axis. Finished runs are drawn
// with recharts instead (RecordedPlot), with its tooltips.
import { memo } from 'react';
import type { Frame } from '../api/types';
import type { Series } from './series';
import { formatTick } from './format';
import { linear, niceTicks } from './scale';
import { timeTicks } from './ticks';

interface Props {
  series: Series[];
  frames: Frame[];
  width: number;
  height: number;
  unit: string;
  ratio: boolean;
}

const M = { top: 8, right: 14, bottom: 22, left: 46 };

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

function LivePlotImpl({ series, frames, width, height, unit, ratio }: Props) {
  const first = frames[0]?.t ?? 0;
  const last = frames[frames.length - 1]?.t ?? 0;
  let max = 0;
  for (const s of series) {
    const key = s.kind === 'band' ? s.highKey : s.key;
    for (const f of frames) {
      const v = f.values[key];
      if (v !== undefined && v > max) max = v;
    }
  }
  const yTicks = ratio ? [0, 0.25, 0.5, 0.75, 1] : niceTicks(max, 4);
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const plotW = Math.max(10, width - M.left - M.right);
  const plotH = Math.max(10, height - M.top - M.bottom);
  const xs = linear([first / 1000, Math.max(last, first + 1000) / 1000], [M.left, M.left + plotW]);
  const ys = linear([0, yMax], [M.top + plotH, M.top]);
  const x = (f: Frame): number => xs(f.t / 1000);
  const y = (v: number): number => ys(Math.min(v, yMax));
  const xTicks = timeTicks(xs.domain[0], xs.domain[1], width > 500 ? 8 : 6);

  return (
    <svg className="live-plot" width={width} height={height} aria-hidden="true">
      <g className="chart-gridlines">
        {yTicks.map((t) => (
          <line key={t} x1={M.left} x2={M.left + plotW} y1={ys(t)} y2={ys(t)} />
        ))}
      </g>
      <g className="chart-axis y">
        {yTicks.map((t) => (
          <text key={t} x={M.left - 6} y={ys(t)} dy="0.32em" textAnchor="end">
            {formatTick(t, unit)}
          </text>
        ))}
      </g>
      <g className="chart-axis x">
        <line x1={M.left} x2={M.left + plotW} y1={M.top + plotH} y2={M.top + plotH} />
        {xTicks.map((t) => (
          <text key={t} x={xs(t)} y={M.top + plotH + 15} textAnchor="middle">
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
              data-series={s.id}
            />
          ),
        )}
      </g>
    </svg>
  );
}

export const LivePlot = memo(LivePlotImpl);
