// Two series with the same value in every frame draw one line; the later is told apart (dashed,
// "same as X" in the legend) so a reader does not hunt for a line the legend promises.
import type { Frame } from '../api/types.ts';

export interface Comparable {
  id: string;
  key: string;
  label: string;
}

/** For each series identical to an earlier one over the frames: its id → the earlier's label. */
export function identicalSeries(
  lines: readonly Comparable[],
  frames: readonly Frame[],
): Map<string, string> {
  const same = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as Comparable;
    for (let j = 0; j < i; j++) {
      const earlier = lines[j] as Comparable;
      if (same.has(earlier.id)) continue;
      if (equalOver(frames, earlier.key, line.key)) {
        same.set(line.id, earlier.label);
        break;
      }
    }
  }
  return same;
}

function equalOver(frames: readonly Frame[], a: string, b: string): boolean {
  let shared = 0;
  for (const frame of frames) {
    const x = frame.values[a];
    const y = frame.values[b];
    if (x === undefined && y === undefined) continue;
    if (x === undefined || y === undefined) return false;
    if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) return false;
    shared++;
  }
  // One or two points in common are a coincidence, not a hidden line.
  return shared >= 3;
}
