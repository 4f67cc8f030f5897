// The plot of a finished run, drawn once with recharts: hover it for every series' value at a
// moment. (Live runs redraw every frame and use the lighter LivePlot.) Its scale and geometry
// come from the chart, the same as the live plot's.
import { memo, useCallback, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Frame } from '../api/types';
import type { ChartModel, Series } from './series';
import { formatValue } from './format';
import { timeTicks } from './ticks';
import type { PlotGeometry } from './geometry';
import { MARGIN, SAME_DASH } from './geometry';

interface Props {
  chart: ChartModel;
  frames: Frame[];
  width: number;
  height: number;
  geometry: PlotGeometry;
  yTicks: number[];
  yLabels: string[];
  dashed: ReadonlyMap<string, string>;
}

const RECHARTS_MARGIN = { top: MARGIN.top, right: MARGIN.right, bottom: 0, left: 0 };
const xOf = (frame: Frame): number => frame.t / 1000;
const formatSecondsTick = (s: number): string => `${Math.round(s)}s`;
const tooltipLabel = (s: unknown): string => `${Number(s).toFixed(1)} s`;

type Accessor = (frame: Frame) => number | [number, number] | null;

function accessor(series: Series): Accessor {
  if (series.kind === 'line') {
    const key = series.key;
    return (frame) => frame.values[key] ?? null;
  }
  const { lowKey, highKey } = series;
  return (frame) => {
    const low = frame.values[lowKey];
    const high = frame.values[highKey];
    return low === undefined || high === undefined ? null : [low, high];
  };
}

function RecordedPlotImpl(props: Props) {
  const { chart, frames, width, height, geometry, yTicks, yLabels, dashed } = props;
  const accessors = useMemo(
    () => new Map(chart.series.map((s) => [s.id, accessor(s)])),
    [chart.series],
  );
  const { x0, x1 } = geometry;
  const xDomain = useMemo((): [number, number] => [x0, x1], [x0, x1]);
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const yDomain = useMemo((): [number, number] => [0, yMax], [yMax]);
  const ticks = useMemo(() => timeTicks(x0, x1, width > 500 ? 8 : 6), [x0, x1, width]);
  const yTick = useCallback(
    (v: number) => yLabels[yTicks.indexOf(v)] ?? String(v),
    [yLabels, yTicks],
  );
  const tooltipValue = useCallback(
    (value: unknown, name: unknown): [string, string] => {
      const series = chart.series.find((x) => x.label === name);
      const unit = series?.unit ?? chart.unit;
      const text = Array.isArray(value)
        ? `${formatValue(Number(value[0]), unit)} – ${formatValue(Number(value[1]), unit)}`
        : formatValue(Number(value), unit);
      return [text, String(name)];
    },
    [chart],
  );

  return (
    <ComposedChart
      data={frames}
      width={width}
      height={height}
      margin={RECHARTS_MARGIN}
      accessibilityLayer={false}
    >
      <CartesianGrid className="chart-gridlines" vertical={false} />
      <XAxis
        dataKey={xOf}
        type="number"
        domain={xDomain}
        allowDataOverflow
        ticks={ticks}
        interval={0}
        height={height - geometry.top - geometry.height}
        tickFormatter={formatSecondsTick}
        className="chart-axis"
      />
      <YAxis
        width={geometry.left}
        className="chart-axis"
        tickFormatter={yTick}
        ticks={yTicks}
        domain={yDomain}
        // The scale is fitted to the load phase: a drain's burst clips at the top (with a cue).
        allowDataOverflow
        interval={0}
      />
      <Tooltip
        isAnimationActive={false}
        labelFormatter={tooltipLabel}
        formatter={tooltipValue}
        wrapperClassName="chart-tooltip"
      />
      {chart.series.map((series) =>
        series.kind === 'band' ? (
          <Area
            key={series.id}
            name={series.label}
            dataKey={accessors.get(series.id)}
            stroke="none"
            fill={series.color}
            fillOpacity={0.16}
            isAnimationActive={false}
            activeDot={false}
            connectNulls
          />
        ) : (
          <Line
            key={series.id}
            name={series.label}
            dataKey={accessors.get(series.id)}
            stroke={series.color}
            strokeWidth={2}
            strokeDasharray={dashed.has(series.id) ? SAME_DASH : undefined}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        ),
      )}
    </ComposedChart>
  );
}

export const RecordedPlot = memo(RecordedPlotImpl);
