// One chart of a run: its title, unit and description, the plot, a legend with the latest
// values, and an aria-label that reads them out. A live run is drawn by LivePlot (cheap enough to
// redraw on every frame); a finished one by recharts (RecordedPlot), with tooltips.
import { memo } from 'react';
import type { Frame } from '../api/types';
import { describeChart } from './series';
import type { ChartModel } from './series';
import { formatValue, isRatio } from './format';
import { LivePlot } from './LivePlot';
import { RecordedPlot } from './RecordedPlot';
import { useWidth } from '../components/use-width';

interface Props {
  chart: ChartModel;
  frames: Frame[];
  latest: Frame | undefined;
  height: number;
  live: boolean;
}

function LiveChartImpl({ chart, frames, latest, height, live }: Props) {
  const ratio = isRatio(chart.unit);
  const label = describeChart(chart, latest, frames.length);
  const empty = chart.series.length === 0 || frames.length === 0;
  const [plot, width] = useWidth<HTMLDivElement>();

  return (
    <figure
      className="chart-card"
      data-chart={chart.id}
      data-points={frames.length}
      data-series={chart.lines.length}
      data-renderer={live ? 'live' : 'recharts'}
    >
      <figcaption>
        <h3 className="chart-title">{chart.title}</h3>
        <span className="chart-unit">{ratio ? '%' : chart.unit}</span>
        {chart.description && <p className="chart-description">{chart.description}</p>}
      </figcaption>
      <div className="chart-plot" ref={plot} role="img" aria-label={label} style={{ height }}>
        {empty || width === 0 ? (
          <div className="chart-empty" aria-hidden="true">
            {chart.series.length === 0 && frames.length > 0
              ? 'Nothing recorded for this chart yet'
              : 'Waiting for data…'}
          </div>
        ) : live ? (
          <LivePlot
            series={chart.series}
            frames={frames}
            width={width}
            height={height}
            unit={chart.unit}
            ratio={ratio}
          />
        ) : (
          <RecordedPlot chart={chart} frames={frames} width={width} height={height} />
        )}
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {chart.lines.map((line) => (
          <li key={line.id} title={line.description}>
            <span
              className={line.dashed ? 'swatch swatch-dashed' : 'swatch'}
              style={{ borderColor: line.color, background: line.dashed ? undefined : line.color }}
            />
            <span className="legend-label">{line.label}</span>
            <span className="legend-value">{formatValue(latest?.values[line.key], line.unit)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export const LiveChart = memo(LiveChartImpl);
