// The plot of a finished run, drawn once with recharts: hover it for every series' value at a
// moment. (Live runs redraw every frame and use the lighter LivePlot.)
import { memo, useCallback, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Frame } from '../api/types';
import type { ChartModel, Series } from './series';
import { formatTick, formatValue, isRatio } from './format';
import { timeTicks } from './ticks';

interface Props {
  chart: ChartModel;
  frames: Frame[];
  width: number;
  height: number;
}

const MARGIN = { top: 8, right: 14, bottom: 0, left: 0 };
const X_DOMAIN: [string, string] = ['dataMin', 'dataMax'];
const RATIO_DOMAIN: [number, number] = [0, 1];
const ZERO_BASED: [number, string] = [0, 'auto'];
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

function RecordedPlotImpl({ chart, frames, width, height }: Props) {
  const accessors = useMemo(
    () => new Map(chart.series.map((s) => [s.id, accessor(s)])),
    [chart.series],
  );
  const ratio = isRatio(chart.unit);
  const first = frames[0]?.t ?? 0;
  const last = frames[frames.length - 1]?.t ?? 0;
  const ticks = useMemo(
    () => timeTicks(first / 1000, last / 1000, width > 500 ? 8 : 6),
    [first, last, width],
  );
  const yTick = useCallback((v: number) => formatTick(v, chart.unit), [chart.unit]);
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
      margin={MARGIN}
      accessibilityLayer={false}
    >
      <CartesianGrid className="chart-gridlines" vertical={false} />
      <XAxis
        dataKey={xOf}
        type="number"
        domain={X_DOMAIN}
        ticks={ticks}
        interval={0}
        tickFormatter={formatSecondsTick}
        className="chart-axis"
      />
      <YAxis
        width={46}
        className="chart-axis"
        tickFormatter={yTick}
        domain={ratio ? RATIO_DOMAIN : ZERO_BASED}
        allowDataOverflow={ratio}
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
