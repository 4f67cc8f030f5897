// A run's phases and markers: what the charts shade and draw lines at, live and after the run.
import type { MarkerKind, RunMarker, RunPhase } from '../sdk/index.ts';

// A marker is a line on every chart: more than this many would hide the data they annotate.
const MAX_MARKERS = 200;

export class Timeline {
  readonly phases: RunPhase[] = [{ name: 'load', startMs: 0, endMs: null }];
  readonly markers: RunMarker[] = [];
  private implicit = true;

  /** Starts phase `name` at `t`, ending the current one; the same name again is no change. */
  phase(name: string, t: number): boolean {
    const current = this.phases.at(-1);
    if (current !== undefined && current.endMs === null) {
      if (current.name === name) {
        this.implicit = false;
        return false;
      }
      // The scenario's first phase names the run's start (its setup included), rather than
      // leaving a sliver of default 'load' before a 'warm-up'; the same for a phase named at the
      // very moment the last one began.
      if ((this.implicit && name !== 'drain') || current.startMs >= t) {
        this.implicit = false;
        current.name = name;
        return true;
      }
      current.endMs = t;
    }
    this.implicit = false;
    this.phases.push({ name, startMs: t, endMs: null });
    return true;
  }

  /** Ends the open phase at `t` (the run is over). */
  end(t: number): void {
    const current = this.phases.at(-1);
    if (current !== undefined && current.endMs === null)
      current.endMs = Math.max(t, current.startMs);
  }

  mark(t: number, label: string, kind: MarkerKind = 'moment'): boolean {
    if (this.markers.length >= MAX_MARKERS) return false;
    this.markers.push({ t, kind, label });
    return true;
  }
}
