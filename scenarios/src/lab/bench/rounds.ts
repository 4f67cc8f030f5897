// Several rounds of the same rows, side by side in each round: per case and producer count, the
// median of each side's rate and of the per-round ratios, with the ratios' range. On a shared
// machine the absolute rates drift between rounds; a ratio taken within one round holds better.
import { GOAL_RATIO } from './table.ts';
import type { BenchRow } from './table.ts';

export interface RoundsSummary {
  case: BenchRow['case'];
  producers: number;
  rounds: number;
  toolPerSec: number | null;
  labPerSec: number | null;
  ratio: number | null;
  ratioMin: number | null;
  ratioMax: number | null;
  meetsGoal: boolean | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarizeRounds(rows: BenchRow[]): RoundsSummary[] {
  const groups = new Map<string, BenchRow[]>();
  for (const r of rows) {
    const producers = 'failed' in r.lab ? 0 : r.lab.producers;
    const key = `${r.case}/${producers}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const tool = group.flatMap((r) => ('failed' in r.tool ? [] : [r.tool.perSec]));
    const lab = group.flatMap((r) => ('failed' in r.lab ? [] : [r.lab.perSec]));
    const ratios = group.flatMap((r) => (r.ratio === null ? [] : [r.ratio]));
    const ratio = median(ratios);
    return {
      case: first.case,
      producers: 'failed' in first.lab ? 0 : first.lab.producers,
      rounds: group.length,
      toolPerSec: median(tool),
      labPerSec: median(lab),
      ratio: ratio === null ? null : Math.floor(ratio * 100 + 1e-9) / 100,
      ratioMin: ratios.length === 0 ? null : Math.min(...ratios),
      ratioMax: ratios.length === 0 ? null : Math.max(...ratios),
      meetsGoal: ratio === null ? null : ratio >= GOAL_RATIO,
    };
  });
}

const int = (n: number | null): string =>
  n === null ? '–' : Math.round(n).toLocaleString('en-US');
const x = (n: number | null): string => (n === null ? '–' : n.toFixed(2));

/** The medians as a Markdown table, for docs/benchmarks.md. */
export function roundsMarkdown(summary: RoundsSummary[]): string {
  const head = '| case | tool msg/s | ours (producers) | ours msg/s | ratio (range) | ≥ 0.5× |';
  const rule = '| --- | --- | --- | --- | --- | --- |';
  const lines = summary.map(
    (s) =>
      `| ${s.case} | ${int(s.toolPerSec)} | ${s.producers} | ${int(s.labPerSec)} | ${x(s.ratio)}${
        s.rounds > 1 ? ` (${x(s.ratioMin)} to ${x(s.ratioMax)})` : ''
      } | ${s.meetsGoal === null ? '–' : s.meetsGoal ? 'yes' : 'no'} |`,
  );
  return [head, rule, ...lines].join('\n');
}
