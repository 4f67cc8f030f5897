import { useMemo } from 'react';
import type { ChartSpec, Frame, MetricSpec, RunMarker, RunPhase } from '../api/types';
import { usePreferences } from '../prefs/preferences';
import { LiveChart } from './LiveChart';
import { buildCharts } from './series';
import { palette } from './palette';
import './chart-story.css';

interface Props {
  charts: ChartSpec[];
  metrics: MetricSpec[];
  frames: Frame[];
  latest: Frame | undefined;
  keys: string[];
  /** Live runs show the newest frames only; a finished run shows all it has. */
  windowFrames?: number;
  /** The run's phases (shaded) and markers (a line on every chart). */
  phases?: readonly RunPhase[] | undefined;
  markers?: readonly RunMarker[] | undefined;
  /** A finished run's summary: legends then give whole-run figures, not the last frame. */
  summary?: Record<string, number> | undefined;
}

const NONE: readonly never[] = [];

export function ChartGrid(props: Props) {
  const { charts, metrics, frames, latest, keys, windowFrames, summary } = props;
  const phases = props.phases ?? NONE;
  const markers = props.markers ?? NONE;
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
          phases={phases}
          markers={markers}
          summary={summary}
          fontPx={presenter ? 14 : 11}
        />
      ))}
    </div>
  );
}
