// What a legend says for a series: the latest value while the run goes; once it has ended, the
// figure for the whole run (the percentile over every sample, the total of a counter), which is
// what the summary and the checks speak of, not whatever the last frame happened to hold.
import type { Frame } from '../api/types.ts';
import { formatValue } from './format.ts';

export interface LegendLine {
  key: string;
  unit: string;
  /** A counter drawn as its rate: its total's key and unit, for the whole-run figure. */
  total?: { key: string; unit: string };
}

export function legendValue(
  line: LegendLine,
  latest: Frame | undefined,
  summary: Record<string, number> | undefined,
): string {
  if (summary === undefined) return formatValue(latest?.values[line.key], line.unit);
  if (line.total !== undefined) {
    const total = summary[line.total.key];
    return total === undefined ? '–' : `${formatValue(total, line.total.unit)} total`;
  }
  return formatValue(summary[line.key] ?? latest?.values[line.key], line.unit);
}
