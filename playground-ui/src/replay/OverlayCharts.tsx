// Two finished runs of one scenario on the same charts: this run's series solid, the other's
// dashed and lighter, each named in the legend. Time is each run's own (seconds since it began),
// so the two line up from their starts.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Frame, RecordedScenario } from '../api/types';
import { buildCharts } from '../charts/series';
import type { ChartModel, LineSeries } from '../charts/series';
import { formatTick, formatValue, isRatio } from '../charts/format';
import { palette } from '../charts/palette';
import { usePreferences } from '../prefs/preferences';
import { useWidth } from '../components/use-width';

export interface OverlayRun {
  label: string;
  frames: Frame[];
}

interface Props {
  scenario: RecordedScenario;
  base: OverlayRun;
  other: OverlayRun;
}

type Row = Record<string, number>;

const keyOf = (which: 'a' | 'b', key: string): string => `${which}:${key}`;

/** One row per moment either run has a frame at; a run without a frame there leaves a gap. */
export function mergeFrames(a: Frame[], b: Frame[]): Row[] {
  const rows = new Map<number, Row>();
  const add = (which: 'a' | 'b', frames: Frame[]): void => {
    for (const frame of frames) {
      const row = rows.get(frame.t) ?? { s: frame.t / 1000 };
      for (const [key, value] of Object.entries(frame.values)) row[keyOf(which, key)] = value;
      rows.set(frame.t, row);
    }
  };
  add('a', a);
  add('b', b);
  return [...rows.values()].sort((x, y) => (x.s ?? 0) - (y.s ?? 0));
}

function keysOf(frames: Frame[]): Set<string> {
  const keys = new Set<string>();
  for (const frame of frames) for (const key of Object.keys(frame.values)) keys.add(key);
  return keys;
}

function OverlayChart({
  chart,
  rows,
  base,
  other,
}: {
  chart: ChartModel;
  rows: Row[];
  base: string;
  other: string;
}) {
  const [plot, width] = useWidth<HTMLDivElement>();
  const ratio = isRatio(chart.unit);
  const lines: LineSeries[] = chart.lines;
  return (
    <figure className="chart-card overlay-chart" data-chart={chart.id} data-overlay="true">
      <figcaption>
        <h3 className="chart-title">{chart.title}</h3>
        <span className="chart-unit">{ratio ? '%' : chart.unit}</span>
      </figcaption>
      <div className="chart-plot" ref={plot} style={{ height: 210 }}>
        {width > 0 && (
          <LineChart data={rows} width={width} height={210} margin={{ top: 8, right: 14 }}>
            <CartesianGrid className="chart-gridlines" vertical={false} />
            <XAxis
              dataKey="s"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(s: number) => `${Math.round(s)}s`}
              className="chart-axis"
            />
            <YAxis
              width={46}
              className="chart-axis"
              tickFormatter={(v: number) => formatTick(v, chart.unit)}
              domain={ratio ? [0, 1] : [0, 'auto']}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(s: unknown) => `${Number(s).toFixed(1)} s`}
              formatter={(value: unknown, name: unknown) => [
                formatValue(Number(value), chart.unit),
                String(name),
              ]}
              wrapperClassName="chart-tooltip"
            />
            {lines.map((line) => (
              <Line
                key={`a:${line.id}`}
                name={`${line.label} (${base})`}
                dataKey={keyOf('a', line.key)}
                stroke={line.color}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
            {lines.map((line) => (
              <Line
                key={`b:${line.id}`}
                name={`${line.label} (${other})`}
                dataKey={keyOf('b', line.key)}
                stroke={line.color}
                strokeOpacity={0.55}
                strokeDasharray="6 4"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        )}
      </div>
      <ul className="chart-legend">
        {lines.map((line) => (
          <li key={line.id}>
            <span className="swatch" style={{ borderColor: line.color, background: line.color }} />
            <span className="legend-label">
              {line.label} ({base})
            </span>
          </li>
        ))}
        {lines.map((line) => (
          <li key={`b:${line.id}`} className="overlay-legend-other">
            <span className="swatch swatch-dashed" style={{ borderColor: line.color }} />
            <span className="legend-label">
              {line.label} ({other})
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function OverlayChartsImpl({ scenario, base, other }: Props) {
  const { theme } = usePreferences();
  const models = useMemo(() => {
    const keys = new Set([...keysOf(base.frames), ...keysOf(other.frames)]);
    return buildCharts(scenario.charts, scenario.metrics, [...keys].sort(), palette(theme));
  }, [scenario, base.frames, other.frames, theme]);
  const rows = useMemo(() => mergeFrames(base.frames, other.frames), [base.frames, other.frames]);
  return (
    <div className="chart-grid overlay-grid" data-overlay-rows={rows.length}>
      {models.map((chart) => (
        <OverlayChart
          key={chart.id}
          chart={chart}
          rows={rows}
          base={base.label}
          other={other.label}
        />
      ))}
    </div>
  );
}

export const OverlayCharts = memo(OverlayChartsImpl);
