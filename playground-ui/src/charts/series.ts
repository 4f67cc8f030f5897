// Turns a scenario's ChartSpecs and MetricSpecs, plus the keys actually present in the frames,
// into the series each chart draws: counters as rates (or totals, per the chart's `show`),
// gauges as they are, histograms as a p50 line with a band up to p99, and templated keys
// (`{i}`, `{n}`) as one series per instance found.
import type { ChartSpec, Frame, MetricSpec } from '../api/types';
import { legendValue } from './legend-value.ts';

export interface LineSeries {
  kind: 'line';
  id: string;
  label: string;
  color: string;
  key: string;
  unit: string;
  dashed?: boolean;
  description?: string;
  /** A counter drawn as its rate: its total, which the legend shows once the run has ended. */
  total?: { key: string; unit: string };
}

export interface BandSeries {
  kind: 'band';
  id: string;
  label: string;
  color: string;
  lowKey: string;
  highKey: string;
  unit: string;
}

export type Series = LineSeries | BandSeries;

export interface ChartModel {
  id: string;
  title: string;
  unit: string;
  description?: string;
  series: Series[];
  /** The series a legend and a screen reader list: bands are described by their lines. */
  lines: LineSeries[];
}

const PLACEHOLDER = /\{[in]\}/;

export function isTemplated(key: string): boolean {
  return PLACEHOLDER.test(key);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `lag.p{n}` → /^lag\.p(\d+)$/ */
export function templatePattern(key: string): RegExp {
  const [before = '', after = ''] = key.split(PLACEHOLDER);
  return new RegExp(`^${escape(before)}(\\d+)${escape(after)}$`);
}

/** The concrete keys (and their instance numbers) a templated metric has in the frames. */
export function instancesOf(
  spec: MetricSpec,
  keys: readonly string[],
): { key: string; n: string }[] {
  if (!isTemplated(spec.key)) return [{ key: spec.key, n: '' }];
  const pattern = templatePattern(spec.key);
  // Histograms appear only as `<key>.p50` etc.; counters as `<key>` and `<key>.rate`.
  const suffix = spec.kind === 'histogram' ? '.p50' : '';
  const found: { key: string; n: string }[] = [];
  for (const key of keys) {
    if (suffix !== '' && !key.endsWith(suffix)) continue;
    const base = suffix === '' ? key : key.slice(0, -suffix.length);
    const match = pattern.exec(base);
    if (match?.[1] !== undefined) found.push({ key: base, n: match[1] });
  }
  return found.sort((a, b) => Number(a.n) - Number(b.n));
}

export function labelFor(spec: MetricSpec, n: string): string {
  return n === '' ? spec.label : spec.label.replace(PLACEHOLDER, n);
}

/** The spec a concrete frame key belongs to, if any (e.g. `lag.p3` → the `lag.p{n}` spec). */
export function specForKey(metrics: readonly MetricSpec[], key: string): MetricSpec | undefined {
  const base = key.replace(/\.(rate|p50|p90|p99|max|count)$/, '');
  return (
    metrics.find((m) => m.key === key || m.key === base) ??
    metrics.find(
      (m) =>
        isTemplated(m.key) &&
        (templatePattern(m.key).test(base) || templatePattern(m.key).test(key)),
    )
  );
}

/** The unit of a concrete frame key: counters' `.rate` keys are per second. */
export function unitForKey(metrics: readonly MetricSpec[], key: string): string {
  const spec = specForKey(metrics, key);
  if (spec === undefined) return '';
  if (key.endsWith('.rate')) return `${spec.unit}/s`;
  if (key.endsWith('.count')) return spec.unit === 'ms' ? 'samples' : spec.unit;
  return spec.unit;
}

export function buildCharts(
  charts: readonly ChartSpec[],
  metrics: readonly MetricSpec[],
  keys: readonly string[],
  colors: readonly string[],
): ChartModel[] {
  return charts.map((chart) => {
    const series: Series[] = [];
    const lines: LineSeries[] = [];
    let colorIndex = 0;
    const nextColor = (): string => colors[colorIndex++ % colors.length] ?? '#888';
    for (const spec of metrics.filter((m) => m.chart === chart.id)) {
      for (const { key, n } of instancesOf(spec, keys)) {
        const label = labelFor(spec, n);
        const color = nextColor();
        const description = spec.description;
        if (spec.kind === 'histogram') {
          // Drawn: the p50 line and a band up to p99 (its upper edge is the p99). Listed: both.
          const p50: LineSeries = {
            kind: 'line',
            id: `${key}.p50`,
            label: `${label} p50`,
            color,
            key: `${key}.p50`,
            unit: 'ms',
          };
          const p99: LineSeries = {
            kind: 'line',
            id: `${key}.p99`,
            label: `${label} p99`,
            color,
            key: `${key}.p99`,
            unit: 'ms',
            dashed: true,
          };
          series.push(
            {
              kind: 'band',
              id: `${key}.band`,
              label: `${label} p50–p99`,
              color,
              lowKey: p50.key,
              highKey: p99.key,
              unit: 'ms',
            },
            p50,
          );
          lines.push(p50, p99);
        } else {
          const rate = spec.kind === 'counter' && chart.show !== 'total';
          const line: LineSeries = {
            kind: 'line',
            id: key,
            label,
            color,
            key: rate ? `${key}.rate` : key,
            unit: rate ? chart.unit : spec.unit,
            ...(rate ? { total: { key, unit: spec.unit } } : {}),
            ...(description === undefined ? {} : { description }),
          };
          series.push(line);
          lines.push(line);
        }
      }
    }
    return {
      id: chart.id,
      title: chart.title,
      unit: chart.unit,
      ...(chart.description === undefined ? {} : { description: chart.description }),
      series,
      lines,
    };
  });
}

/**
 * The text a screen reader hears for a chart: its title and every series' latest value, or once
 * the run has ended (`summary` given) its figures for the whole run.
 */
export function describeChart(
  chart: ChartModel,
  latest: Frame | undefined,
  points: number,
  summary?: Record<string, number>,
): string {
  if (latest === undefined || points === 0) return `${chart.title}: no data yet.`;
  const values = chart.lines
    .map((line) => `${line.label} ${legendValue(line, latest, summary)}`)
    .join(', ');
  return summary === undefined
    ? `${chart.title}, ${points} points; latest at ${Math.round(latest.t / 1000)} s: ${values}.`
    : `${chart.title}, ${points} points; over the whole run: ${values}.`;
}
