// A comparison as text: the CLI's progress line and end table, and the CSV export (one row per
// target; the server's export uses the same function, so the two never disagree).
import type { ComparisonResult, LabProgress, LatencyReport, TargetResult } from './report.ts';

export function formatProgress(p: LabProgress): string {
  const clock =
    p.totalSec === null
      ? `${p.elapsedSec.toFixed(0)} s`
      : `${p.elapsedSec.toFixed(0)}/${p.totalSec} s`;
  const detail = p.message === '' ? '' : ` · ${p.message}`;
  return `[${p.index}/${p.of}] ${p.target} ${p.phase} ${clock}${detail}`;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const latency = (l: LatencyReport | null): string =>
  l === null ? '–' : [l.p50, l.p99, l.p999, l.max].map(ms).join(' / ');
const maybe = (n: number | null): string => (n === null ? '–' : int(n));

function brokerUse(t: TargetResult): string {
  if (t.resources.length === 0) return '–';
  const cpu = t.resources.reduce((a, r) => a + r.cpuPercentAvg, 0);
  const rss = t.resources.reduce((a, r) => a + r.rssMbMax, 0);
  return `${cpu.toFixed(0)} % / ${rss.toFixed(0)} MB`;
}

function notes(t: TargetResult): string {
  const said: string[] = t.status === 'completed' ? [] : [t.status];
  if (t.error !== undefined) said.push(t.error);
  if (t.drainMs !== null) said.push(`drained in ${(t.drainMs / 1000).toFixed(1)} s`);
  said.push(...t.plan.cannot);
  return said.join('; ');
}

const COLUMNS = [
  'target',
  'pub/s',
  'con/s',
  'MB/s',
  'publish ms p50/p99/p99.9/max',
  'e2e ms p50/p99/p99.9/max',
  'broker CPU / RSS',
  'loss/dup/order',
  'notes',
] as const;

export function comparisonTable(result: ComparisonResult): string {
  const rows = result.targets.map((t) => [
    t.target,
    int(t.publish.perSec),
    int(t.consume.perSec),
    t.publish.mbPerSec.toFixed(2),
    latency(t.publishLatency),
    latency(t.endToEndLatency),
    brokerUse(t),
    [t.losses, t.duplicates, t.orderingViolations].map(maybe).join('/'),
    notes(t),
  ]);
  const widths = COLUMNS.map((c, i) =>
    // Notes are last and free to run on.
    i === COLUMNS.length - 1 ? 0 : Math.max(c.length, ...rows.map((r) => r[i]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) =>
        i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}

const CSV_COLUMNS = [
  'comparison',
  'workload',
  'target',
  'status',
  'measured_sec',
  'publish_messages',
  'publish_per_sec',
  'publish_mb_per_sec',
  'publish_errors',
  'consume_messages',
  'consume_per_sec',
  'publish_p50_ms',
  'publish_p90_ms',
  'publish_p99_ms',
  'publish_p999_ms',
  'publish_max_ms',
  'e2e_p50_ms',
  'e2e_p90_ms',
  'e2e_p99_ms',
  'e2e_p999_ms',
  'e2e_max_ms',
  'backlog_max',
  'drain_ms',
  'broker_cpu_avg_percent',
  'broker_rss_max_mb',
  'losses',
  'duplicates',
  'ordering_violations',
  'error',
  'cannot',
] as const;

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function comparisonCsv(result: ComparisonResult): string {
  const percentiles = (l: LatencyReport | null): (number | null)[] =>
    l === null ? [null, null, null, null, null] : [l.p50, l.p90, l.p99, l.p999, l.max];
  const rows = result.targets.map((t) => [
    result.id,
    result.workload.name,
    t.target,
    t.status,
    t.measuredSec.toFixed(2),
    t.publish.messages,
    t.publish.perSec,
    t.publish.mbPerSec,
    t.publish.errors,
    t.consume.messages,
    t.consume.perSec,
    ...percentiles(t.publishLatency),
    ...percentiles(t.endToEndLatency),
    t.backlogMax,
    t.drainMs,
    t.resources.length === 0 ? null : t.resources.reduce((a, r) => a + r.cpuPercentAvg, 0),
    t.resources.length === 0 ? null : t.resources.reduce((a, r) => a + r.rssMbMax, 0),
    t.losses,
    t.duplicates,
    t.orderingViolations,
    t.error,
    t.plan.cannot.join('; '),
  ]);
  return `${[CSV_COLUMNS, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
