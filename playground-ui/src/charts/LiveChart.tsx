// One chart of a run: its title and unit, the plot with the run's phases and markers, a legend,
// and an aria-label that reads the values out. Live runs are drawn by LivePlot (cheap enough to
// redraw every frame), finished ones by recharts (RecordedPlot, with tooltips); both take their
// scale, axis width and geometry from here, so a run reads the same live and afterwards.
import { memo, useMemo } from 'react';
import type { Frame, RunMarker, RunPhase } from '../api/types';
import { describeChart } from './series';
import type { ChartModel, Series } from './series';
import { formatTick, formatValue, isRatio } from './format';
import { LivePlot } from './LivePlot';
import { RecordedPlot } from './RecordedPlot';
import { useWidth } from '../components/use-width';
import { fitY } from './fit';
import { displayUnit } from './units';
import { axisWidth } from './label-width';
import { measureText } from './measure-text';
import { identicalSeries } from './identical';
import { legendValue } from './legend-value';
import { fitUntilMs, phaseBands } from './phases';
import { plotGeometry } from './geometry';
import { MarkerLines, OffScaleCue, PhaseBands } from './PlotOverlay';

interface Props {
  chart: ChartModel;
  frames: Frame[];
  latest: Frame | undefined;
  height: number;
  live: boolean;
  phases: readonly RunPhase[];
  markers: readonly RunMarker[];
  /** The run's summary once it has ended: the legend then shows whole-run figures. */
  summary: Record<string, number> | undefined;
  /** The axis labels' font size, for the axis width. */
  fontPx: number;
}

const topKey = (s: Series): string => (s.kind === 'band' ? s.highKey : s.key);

function LiveChartImpl(props: Props) {
  const { chart, frames, latest, height, live, phases, markers, summary, fontPx } = props;
  const ratio = isRatio(chart.unit);
  const label = describeChart(chart, latest, frames.length, summary);
  const empty = chart.series.length === 0 || frames.length === 0;
  const [plot, width] = useWidth<HTMLDivElement>();

  const first = (frames[0]?.t ?? 0) / 1000;
  const last = Math.max((frames[frames.length - 1]?.t ?? 0) / 1000, first + 1);
  const untilMs = fitUntilMs(phases);
  const scale = useMemo(() => {
    const keys = chart.series.map(topKey);
    const raw = fitY(frames, keys, { untilMs, ratio });
    const shown = displayUnit(chart.unit, raw.max);
    // Fitted again in the unit the axis shows, so its ticks are round numbers in that unit.
    const fit = fitY(frames, keys, { untilMs, ratio, factor: shown.factor });
    const labels = fit.ticks.map((t) => formatTick(t * shown.factor, shown.unit));
    const over = fit.offScale
      ? frames.find((f) => keys.some((k) => (f.values[k] ?? 0) > fit.max))
      : undefined;
    return { fit, shown, labels, overAt: over === undefined ? undefined : over.t / 1000 };
  }, [chart, frames, untilMs, ratio]);
  const same = useMemo(() => identicalSeries(chart.lines, frames), [chart.lines, frames]);
  const geometry = plotGeometry(
    width,
    height,
    axisWidth(scale.labels, fontPx, measureText),
    first,
    last,
  );
  const bands = phaseBands(phases, first, last);
  const peakText = `off scale: peak ${formatValue(scale.fit.peak, chart.series[0]?.unit ?? chart.unit)}`;

  return (
    <figure
      className="chart-card"
      data-chart={chart.id}
      data-points={frames.length}
      data-series={chart.lines.length}
      data-renderer={live ? 'live' : 'recharts'}
      data-y-max={scale.fit.max}
      data-peak={scale.fit.peak}
      data-off-scale={scale.fit.offScale}
      data-unit={scale.shown.unit}
    >
      <figcaption>
        <h3 className="chart-title">{chart.title}</h3>
        <span className="chart-unit">{ratio ? '%' : scale.shown.unit}</span>
        {chart.description && <p className="chart-description">{chart.description}</p>}
      </figcaption>
      <div className="chart-stage" style={{ height }}>
        {!empty && width > 0 && <PhaseBands bands={bands} geometry={geometry} />}
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
              geometry={geometry}
              yTicks={scale.fit.ticks}
              yLabels={scale.labels}
              dashed={same}
            />
          ) : (
            <RecordedPlot
              chart={chart}
              frames={frames}
              width={width}
              height={height}
              geometry={geometry}
              yTicks={scale.fit.ticks}
              yLabels={scale.labels}
              dashed={same}
            />
          )}
        </div>
        {!empty && width > 0 && (
          <>
            <OffScaleCue atSeconds={scale.overAt} text={peakText} geometry={geometry} />
            <MarkerLines markers={markers} geometry={geometry} />
          </>
        )}
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {chart.lines.map((line) => {
          const sameAs = same.get(line.id);
          const dashed = line.dashed === true || sameAs !== undefined;
          return (
            <li key={line.id} title={line.description} data-same-as={sameAs}>
              <span
                className={dashed ? 'swatch swatch-dashed' : 'swatch'}
                style={{ borderColor: line.color, background: dashed ? undefined : line.color }}
              />
              <span className="legend-label">{line.label}</span>
              <span className="legend-value">{legendValue(line, latest, summary)}</span>
              {sameAs !== undefined && <span className="legend-note">same as {sameAs}</span>}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

export const LiveChart = memo(LiveChartImpl);
