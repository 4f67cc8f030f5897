// How one comparison's numbers differ from an earlier one's, target by target ("+12% pub/s").
import type { ComparisonSummary, TargetSummary } from './types';

export interface Delta {
  label: string;
  /** Percent change from the earlier value; null when either side has no number. */
  percent: number | null;
  /** Whether the change is for the better (more throughput, less latency). */
  better: boolean | null;
}

export interface TargetDeltas {
  target: string;
  deltas: Delta[];
}

function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return ((now - before) / before) * 100;
}

const METRICS: {
  label: string;
  read: (t: TargetSummary) => number | null;
  higherIsBetter: boolean;
}[] = [
  { label: 'pub/s', read: (t) => t.publishPerSec, higherIsBetter: true },
  { label: 'con/s', read: (t) => t.consumePerSec, higherIsBetter: true },
  { label: 'publish p99', read: (t) => t.publishP99Ms, higherIsBetter: false },
  { label: 'e2e p99', read: (t) => t.endToEndP99Ms, higherIsBetter: false },
];

/** Targets both ran (and completed), each with its changes. */
export function deltas(now: ComparisonSummary, before: ComparisonSummary): TargetDeltas[] {
  const out: TargetDeltas[] = [];
  for (const t of now.targets) {
    const earlier = before.targets.find((b) => b.target === t.target);
    if (!earlier || t.status !== 'completed' || earlier.status !== 'completed') continue;
    out.push({
      target: t.target,
      deltas: METRICS.map((m) => {
        const percent = change(m.read(t), m.read(earlier));
        return {
          label: m.label,
          percent,
          better: percent === null || percent === 0 ? null : percent > 0 === m.higherIsBetter,
        };
      }),
    });
  }
  return out;
}

export function formatDelta(delta: Delta): string {
  if (delta.percent === null) return `– ${delta.label}`;
  const rounded = Math.round(delta.percent);
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  return `${sign}${Math.abs(rounded)}% ${delta.label}`;
}
