import type { Frame } from '@playground/scenarios/sdk';

/** One row per frame, one column per key that appears in any frame; a key absent from a frame is left empty. */
export function framesToCsv(frames: readonly Frame[]): string {
  const keys = new Set<string>();
  for (const frame of frames) for (const key of Object.keys(frame.values)) keys.add(key);
  const columns = [...keys].sort();
  const lines = [['t', ...columns].join(',')];
  for (const frame of frames) {
    lines.push([frame.t, ...columns.map((k) => frame.values[k] ?? '')].join(','));
  }
  return `${lines.join('\n')}\n`;
}
