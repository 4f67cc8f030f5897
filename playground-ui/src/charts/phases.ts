// A run's phases as a chart shades them, and the stretch of time its y-scale is fitted to.
import type { RunPhase } from '../api/types.ts';

export interface PhaseBand {
  name: string;
  /** Seconds since the run started, clipped to what the chart shows. */
  from: number;
  to: number;
}

/**
 * The phases that overlap [fromS, toS] (seconds), clipped to it; a phase still going ends at
 * `toS`. A run with only its default 'load' phase has nothing worth a band.
 */
export function phaseBands(phases: readonly RunPhase[], fromS: number, toS: number): PhaseBand[] {
  if (phases.length <= 1 && (phases[0]?.name ?? 'load') === 'load') return [];
  const bands: PhaseBand[] = [];
  for (const phase of phases) {
    const from = Math.max(fromS, phase.startMs / 1000);
    const to = Math.min(toS, phase.endMs === null ? toS : phase.endMs / 1000);
    if (to > from) bands.push({ name: phase.name, from, to });
  }
  return bands;
}

/**
 * Where the y-scale stops looking (ms): the start of the drain, whose burst of catching up would
 * otherwise flatten the load the lesson is about. Undefined: the whole run counts.
 */
export function fitUntilMs(phases: readonly RunPhase[]): number | undefined {
  return phases.find((p) => p.name === 'drain')?.startMs;
}
