// What the charts mark on top of the data: the run's phases as light bands with their names, its
// markers (a live change, a narrated moment, a fault) as vertical lines with a tooltip on hover
// and focus, and a cue when values run above the axis. Plain HTML over the plot, so the live SVG
// and the recorded recharts plot show the same.
import type { RunMarker } from '../api/types';
import type { PlotGeometry } from './geometry';
import { xAt } from './geometry';
import type { PhaseBand } from './phases';

export function PhaseBands({ bands, geometry }: { bands: PhaseBand[]; geometry: PlotGeometry }) {
  if (bands.length === 0) return null;
  return (
    <div className="phase-bands" aria-hidden="true">
      {bands.map((band, i) => {
        const left = xAt(geometry, band.from);
        const width = Math.max(1, xAt(geometry, band.to) - left);
        return (
          <div
            key={`${band.name}-${band.from}`}
            className={`phase-band phase-${i % 2 === 0 ? 'even' : 'odd'}`}
            data-phase={band.name}
            data-from={band.from.toFixed(2)}
            data-to={band.to.toFixed(2)}
            style={{ left, width, top: geometry.top, height: geometry.height }}
          >
            {/* A short band (a drain of a few hundred ms) names itself just outside. */}
            <span
              className={width > band.name.length * 7 + 8 ? 'phase-name' : 'phase-name outside'}
            >
              {band.name}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export function OffScaleCue({
  atSeconds,
  text,
  geometry,
}: {
  atSeconds: number | undefined;
  text: string;
  geometry: PlotGeometry;
}) {
  if (atSeconds === undefined) return null;
  const x = Math.min(xAt(geometry, atSeconds), geometry.left + geometry.width - 4);
  return (
    <div
      className="off-scale"
      role="note"
      style={{ right: `calc(100% - ${x}px)`, top: geometry.top }}
      title={text}
    >
      ▲ {text}
    </div>
  );
}

const KIND_LABEL: Record<RunMarker['kind'], string> = {
  change: 'live change',
  moment: 'moment',
  fault: 'fault',
};

export function MarkerLines({
  markers,
  geometry,
}: {
  markers: readonly RunMarker[];
  geometry: PlotGeometry;
}) {
  const shown = markers.filter((m) => m.t / 1000 >= geometry.x0 && m.t / 1000 <= geometry.x1);
  if (shown.length === 0) return null;
  return (
    <div className="chart-markers">
      {shown.map((marker, i) => {
        const x = xAt(geometry, marker.t / 1000);
        const when = `${(marker.t / 1000).toFixed(1)} s`;
        // Near the right edge the tooltip opens leftwards, so it is not cut off by the card.
        const flip = x > geometry.left + geometry.width * 0.6;
        return (
          <button
            key={`${marker.t}-${i}`}
            type="button"
            className={`chart-marker marker-${marker.kind}${flip ? ' flip' : ''}`}
            data-marker-kind={marker.kind}
            data-t={marker.t}
            style={{ left: x, top: geometry.top, height: geometry.height }}
            aria-label={`${KIND_LABEL[marker.kind]} at ${when}: ${marker.label}`}
          >
            <span className="marker-tip" role="tooltip">
              <strong>{marker.label}</strong>
              <span>
                {KIND_LABEL[marker.kind]} · {when}
              </span>
            </span>
          </button>
        );
      })}
    </div>
  );
}
