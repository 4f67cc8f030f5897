// Publish and consume throughput side by side, one group of bars per target.
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatTick } from '../charts/format';
import { palette } from '../charts/palette';
import { usePreferences } from '../prefs/preferences';
import { LabChart } from './LabChart';
import type { TargetResult } from './types';

export function ThroughputBars({ targets }: { targets: TargetResult[] }) {
  const { theme } = usePreferences();
  const [pub = '#0b6bcb', con = '#d9480f'] = palette(theme);
  const ran = targets.filter((t) => t.status !== 'unsupported');
  const rows = ran.map((t) => ({
    name: t.title,
    publish: t.publish.perSec,
    consume: t.consume.perSec,
  }));
  return (
    <LabChart
      id="throughput"
      title="Throughput"
      unit="msg/s"
      description="Over the measured phase (warm-up excluded). Consume counts every subscription's deliveries."
      legend={[
        { label: 'publish', color: pub },
        { label: 'consume', color: con },
      ]}
      points={rows.length}
    >
      {(width, height) => (
        <BarChart data={rows} width={width} height={height} margin={{ top: 8, right: 14 }}>
          <CartesianGrid className="chart-gridlines" vertical={false} />
          <XAxis dataKey="name" className="chart-axis" interval={0} />
          <YAxis
            width={52}
            className="chart-axis"
            tickFormatter={(v: number) => formatTick(v, '')}
          />
          <Tooltip
            isAnimationActive={false}
            formatter={(value: unknown, name: unknown) => [
              `${formatNumber(Number(value))} msg/s`,
              String(name),
            ]}
            wrapperClassName="chart-tooltip"
          />
          <Bar dataKey="publish" name="publish" fill={pub} isAnimationActive={false} />
          <Bar dataKey="consume" name="consume" fill={con} isAnimationActive={false} />
        </BarChart>
      )}
    </LabChart>
  );
}
