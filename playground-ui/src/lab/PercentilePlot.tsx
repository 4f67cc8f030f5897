// Latency by percentile in the HDR style: x is the percentile on a log scale (each step a nine),
// y the milliseconds, one line per target, so the tail's shape is visible and comparable.
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTick, formatValue } from '../charts/format';
import { palette } from '../charts/palette';
import { usePreferences } from '../prefs/preferences';
import { LabChart } from './LabChart';
import { PERCENTILE_TICKS, percentileOf, percentileTick, plotPoints } from './percentiles';
import type { LatencyReport, TargetResult } from './types';

interface Props {
  id: string;
  title: string;
  description: string;
  targets: TargetResult[];
  pick: (t: TargetResult) => LatencyReport | null;
}

export function PercentilePlot({ id, title, description, targets, pick }: Props) {
  const { theme } = usePreferences();
  const colors = palette(theme);
  const [logY, setLogY] = useState(true);
  const series = targets
    .map((t, i) => ({ t, color: colors[i % colors.length] ?? '#888', report: pick(t) }))
    .filter((s): s is typeof s & { report: LatencyReport } => s.report !== null);
  return (
    <LabChart
      id={id}
      title={title}
      unit="ms"
      description={description}
      height={260}
      points={series.length}
      legend={series.map((s) => ({ label: s.t.title, color: s.color }))}
      tools={
        <label className="lab-chart-tool">
          <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> log y
        </label>
      }
    >
      {(width, height) => (
        <LineChart width={width} height={height} margin={{ top: 8, right: 18 }}>
          <CartesianGrid className="chart-gridlines" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 4]}
            ticks={[...PERCENTILE_TICKS]}
            tickFormatter={percentileTick}
            className="chart-axis"
            allowDuplicatedCategory={false}
          />
          <YAxis
            width={52}
            className="chart-axis"
            scale={logY ? 'log' : 'linear'}
            domain={logY ? ['auto', 'auto'] : [0, 'auto']}
            allowDataOverflow={false}
            tickFormatter={(v: number) => formatTick(v, 'ms')}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(x: unknown) => percentileOf(Number(x))}
            formatter={(value: unknown, name: unknown) => [
              formatValue(Number(value), 'ms'),
              String(name),
            ]}
            wrapperClassName="chart-tooltip"
          />
          {series.map((s) => (
            <Line
              key={s.t.target}
              data={plotPoints(s.report.distribution)}
              dataKey="ms"
              name={s.t.title}
              stroke={s.color}
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </LabChart>
  );
}
