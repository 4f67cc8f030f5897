// The running target's last seconds: publish and consume rate, backlog, and p99 latency.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTick, formatValue } from '../charts/format';
import { palette } from '../charts/palette';
import { usePreferences } from '../prefs/preferences';
import { LabChart } from './LabChart';
import type { LabSample } from './types';

interface Series {
  key: keyof LabSample;
  label: string;
}

interface ChartDef {
  id: string;
  title: string;
  unit: string;
  series: Series[];
}

const CHARTS: ChartDef[] = [
  {
    id: 'live-rate',
    title: 'Publish and consume rate',
    unit: 'msg/s',
    series: [
      { key: 'publishPerSec', label: 'publish' },
      { key: 'consumePerSec', label: 'consume' },
    ],
  },
  {
    id: 'live-backlog',
    title: 'Backlog',
    unit: 'messages',
    series: [{ key: 'backlog', label: 'acked, not yet consumed' }],
  },
  {
    id: 'live-p99',
    title: 'p99 latency',
    unit: 'ms',
    series: [
      { key: 'publishP99Ms', label: 'publish' },
      { key: 'endToEndP99Ms', label: 'end to end' },
    ],
  },
  {
    id: 'live-broker',
    title: 'Broker CPU',
    unit: '%',
    series: [{ key: 'brokerCpuPercent', label: 'CPU' }],
  },
];

export function LiveCharts({ samples }: { samples: LabSample[] }) {
  const { theme } = usePreferences();
  const colors = palette(theme);
  const rows = samples.map((s) => ({ ...s, s: s.t / 1000 }));
  return (
    <div className="chart-grid lab-live-charts">
      {CHARTS.map((chart) => (
        <LabChart
          key={chart.id}
          id={chart.id}
          title={chart.title}
          unit={chart.unit}
          height={170}
          points={rows.length}
          legend={chart.series.map((s, i) => ({ label: s.label, color: colors[i] ?? '#888' }))}
        >
          {(width, height) => (
            <LineChart data={rows} width={width} height={height} margin={{ top: 8, right: 14 }}>
              <CartesianGrid className="chart-gridlines" vertical={false} />
              <XAxis
                dataKey="s"
                type="number"
                domain={['dataMin', 'dataMax']}
                allowDecimals={false}
                tickFormatter={(s: number) => `${Math.round(s)}s`}
                className="chart-axis"
              />
              <YAxis
                width={52}
                className="chart-axis"
                domain={[0, 'auto']}
                tickFormatter={(v: number) => formatTick(v, chart.unit)}
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
              {chart.series.map((s, i) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={colors[i] ?? '#888'}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          )}
        </LabChart>
      ))}
    </div>
  );
}
