import type { ComparisonResult, LatencyReport } from '../../../scenarios/src/sdk/lab-schemas.ts';

const LATENCY = ['p50', 'p90', 'p99', 'p999', 'max'] as const;

const HEADER = [
  'comparison',
  'workload',
  'target',
  'status',
  'measured_s',
  'publish_messages',
  'publish_per_s',
  'publish_mb_per_s',
  'publish_errors',
  'consume_messages',
  'consume_per_s',
  'consume_mb_per_s',
  ...LATENCY.map((p) => `publish_${p}_ms`),
  ...LATENCY.map((p) => `e2e_${p}_ms`),
  'backlog_max',
  'drain_ms',
  'broker_cpu_avg_pct',
  'broker_rss_max_mb',
  'losses',
  'duplicates',
  'ordering_violations',
  'cannot',
  'error',
];

/** A field as CSV writes it: quoted when it holds a comma, quote or line break. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const latency = (report: LatencyReport | null): (number | null)[] =>
  LATENCY.map((p) => report?.[p] ?? null);

/** One row per target; an empty cell is a number the target did not measure. */
export function comparisonToCsv(result: ComparisonResult): string {
  const lines = [HEADER.join(',')];
  for (const t of result.targets) {
    const cpu = t.resources.reduce((sum, r) => sum + r.cpuPercentAvg, 0);
    const rss = t.resources.reduce((sum, r) => sum + r.rssMbMax, 0);
    const row = [
      result.id,
      result.workload.name,
      t.target,
      t.status,
      t.measuredSec,
      t.publish.messages,
      t.publish.perSec,
      t.publish.mbPerSec,
      t.publish.errors,
      t.consume.messages,
      t.consume.perSec,
      t.consume.mbPerSec,
      ...latency(t.publishLatency),
      ...latency(t.endToEndLatency),
      t.backlogMax,
      t.drainMs,
      t.resources.length > 0 ? Math.round(cpu * 10) / 10 : null,
      t.resources.length > 0 ? Math.round(rss) : null,
      t.losses,
      t.duplicates,
      t.orderingViolations,
      [...t.plan.cannot, ...(t.plan.unsupported ? [t.plan.unsupported] : [])].join('; '),
      t.error,
    ];
    lines.push(row.map(field).join(','));
  }
  return `${lines.join('\n')}\n`;
}
