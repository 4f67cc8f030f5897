import { useMemo } from 'react';
import type { ChartSpec, Frame, MetricSpec } from '../api/types';
import { usePreferences } from '../prefs/preferences';
import { LiveChart } from './LiveChart';
import { buildCharts } from './series';
import { palette } from './palette';

interface Props {
  charts: ChartSpec[];
  metrics: MetricSpec[];
  frames: Frame[];
  latest: Frame | undefined;
  keys: string[];
  /** Live runs show the newest frames only; a finished run shows all it has. */
  windowFrames?: number;
}

export function ChartGrid({ charts, metrics, frames, latest, keys, windowFrames }: Props) {
  const { theme, presenter } = usePreferences();
  const models = useMemo(
    () => buildCharts(charts, metrics, keys, palette(theme)),
    [charts, metrics, keys, theme],
  );
  const shown = useMemo(
    () =>
      windowFrames !== undefined && frames.length > windowFrames
        ? frames.slice(-windowFrames)
        : frames,
    [frames, windowFrames],
  );
  return (
    <div className="chart-grid" data-frames={shown.length} data-window-frames={windowFrames}>
      {models.map((chart) => (
        <LiveChart
          key={chart.id}
          chart={chart}
          frames={shown}
          latest={latest}
          height={presenter ? 300 : 210}
          live={windowFrames !== undefined}
        />
      ))}
    </div>
  );
}
