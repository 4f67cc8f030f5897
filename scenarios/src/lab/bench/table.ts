// bench:lab's result: a row per case and lab producer count, the tool's rate against ours and
// their ratio (the bar: ours ≥ 0.5× the broker's own tool), with who was busy and how
// loaded the machine was, as a table for the terminal and as JSON for .playground/bench-lab.json.
import type { ProcessUse } from '../report.ts';
import type { RoundsSummary } from './rounds.ts';
import type { CaseId } from './cases.ts';
import type { LabMeasurement } from './lab-side.ts';
import type { ToolMeasurement } from './tool-side.ts';

export const GOAL_RATIO = 0.5;

/** A side that did not run to a rate, and why. */
export interface Failed {
  failed: string;
}

export interface BenchRow {
  case: CaseId;
  title: string;
  tool: ToolMeasurement | Failed;
  lab: LabMeasurement | Failed;
  /** Ours ÷ the tool's, publish rates; null when a side failed. */
  ratio: number | null;
  meetsGoal: boolean | null;
  /** One-minute load average when the tool started and when the lab side started. */
  load1: { tool: number; lab: number };
  /** 1-based, with --rounds. */
  round?: number;
}

export interface BenchResult {
  startedAt: string;
  endedAt: string;
  command: string;
  seconds: number;
  rounds: number;
  machine: { cpus: number; cpuModel: string; node: string; java: string; loadAvgAtStart: number[] };
  rows: BenchRow[];
  /** Per case and producer count, over the rounds. */
  summary: RoundsSummary[];
}

/** Rounded down to hundredths, so a ratio shown as 0.50 never stands for 0.497. */
export function ratioOf(toolPerSec: number, labPerSec: number): number | null {
  if (!(toolPerSec > 0)) return null;
  return Math.floor((labPerSec / toolPerSec) * 100 + 1e-9) / 100;
}

export function row(
  c: { id: CaseId; title: string },
  tool: BenchRow['tool'],
  lab: BenchRow['lab'],
  load1: BenchRow['load1'],
): BenchRow {
  const ratio = 'failed' in tool || 'failed' in lab ? null : ratioOf(tool.perSec, lab.perSec);
  // A lab run that did not complete has no rate to hold against the bar.
  const completed = !('failed' in lab) && lab.status === 'completed';
  return {
    case: c.id,
    title: c.title,
    tool,
    lab,
    ratio,
    meetsGoal: ratio === null || !completed ? null : ratio >= GOAL_RATIO,
    load1,
  };
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "112 %" for the first process (the load generator), "–" when it was not read. */
function cpuOf(use: ProcessUse[], index: number): string {
  const p = use[index];
  return p === undefined ? '–' : `${Math.round(p.cpuPercentAvg)} %`;
}

function rate(perSec: number, other: number | null): string {
  return other === null ? int(perSec) : `${int(perSec)} (${int(other)} recv)`;
}

export function benchTable(rows: BenchRow[]): string {
  const header = [
    ...(rows.some((r) => r.round !== undefined) ? ['round'] : []),
    'case',
    'tool msg/s',
    'ours',
    'ours msg/s',
    'ratio',
    'CPU tool/broker',
    'CPU ours/broker',
    'load1',
  ];
  const lines = rows.map((r) => {
    const tool = 'failed' in r.tool ? null : r.tool;
    const lab = 'failed' in r.lab ? null : r.lab;
    return [
      ...(r.round === undefined ? [] : [String(r.round)]),
      r.case,
      tool === null ? 'failed' : rate(tool.perSec, tool.receivedPerSec),
      lab === null ? '–' : `${lab.producers} producer${lab.producers > 1 ? 's' : ''}`,
      lab === null ? 'failed' : rate(lab.perSec, lab.consumedPerSec),
      r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×${r.meetsGoal === false ? ' <0.5' : ''}`,
      tool === null ? '–' : `${cpuOf(tool.cpu, 0)} / ${cpuOf(tool.cpu, 1)}`,
      lab === null ? '–' : `${cpuOf(lab.cpu, 0)} / ${cpuOf(lab.cpu, 1)}`,
      `${r.load1.tool.toFixed(1)}/${r.load1.lab.toFixed(1)}`,
    ];
  });
  const caseColumn = header.indexOf('case');
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (i <= caseColumn ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  const errors = rows.flatMap((r) => [
    ...('failed' in r.tool ? [`${r.case} tool: ${r.tool.failed}`] : []),
    ...('failed' in r.lab
      ? [`${r.case} lab: ${r.lab.failed}`]
      : r.lab.error !== undefined
        ? [`${r.case} lab (${r.lab.status}): ${r.lab.error}`]
        : []),
  ]);
  return [
    fmt(header),
    fmt(widths.map((w) => '-'.repeat(w))),
    ...lines.map(fmt),
    ...(errors.length > 0 ? ['', ...errors] : []),
  ].join('\n');
}
