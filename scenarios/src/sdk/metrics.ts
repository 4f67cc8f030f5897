// A run's recorders, created on first use and checked against the scenario's metric specs so a
// typo in a key fails loudly in development instead of drawing an empty chart.
import type { MetricKind, MetricSpec, Metrics } from './contract.ts';
import { Counter, Gauge, Histogram } from './recorders.ts';

export interface Frame {
  /** Milliseconds since the run started. */
  t: number;
  values: Record<string, number>;
}

/** Finds the spec a concrete key belongs to (`lag.p3` belongs to `lag.p{n}`). */
export function specMatcher(specs: MetricSpec[]): (key: string) => MetricSpec | undefined {
  const exact = new Map<string, MetricSpec>();
  const patterns: { re: RegExp; spec: MetricSpec }[] = [];
  for (const spec of specs) {
    if (/\{[in]\}/.test(spec.key)) {
      const source = spec.key
        .split(/\{[in]\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('\\d+');
      patterns.push({ re: new RegExp(`^${source}$`), spec });
    } else {
      exact.set(spec.key, spec);
    }
  }
  return (key) => exact.get(key) ?? patterns.find((p) => p.re.test(key))?.spec;
}

export class MetricsRegistry implements Metrics {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly find: (key: string) => MetricSpec | undefined;
  private lastTickMs: number | undefined;

  constructor(specs: MetricSpec[]) {
    this.find = specMatcher(specs);
  }

  counter(key: string): Counter {
    return this.get(this.counters, key, 'counter', () => new Counter());
  }
  gauge(key: string): Gauge {
    return this.get(this.gauges, key, 'gauge', () => new Gauge());
  }
  histogram(key: string): Histogram {
    return this.get(this.histograms, key, 'histogram', () => new Histogram());
  }

  private get<T>(map: Map<string, T>, key: string, kind: MetricKind, make: () => T): T {
    let recorder = map.get(key);
    if (recorder === undefined) {
      const spec = this.find(key);
      if (spec === undefined) throw new Error(`metric "${key}" is not declared in the scenario`);
      if (spec.kind !== kind) throw new Error(`metric "${key}" is a ${spec.kind}, not a ${kind}`);
      recorder = make();
      map.set(key, recorder);
    }
    return recorder;
  }

  /**
   * Folds every recorder into one frame: counters as totals and per-second rates over the time
   * since the previous fold, gauges as their last value, histograms as this tick's percentiles.
   */
  fold(t: number): Frame {
    const values: Record<string, number> = {};
    const seconds = this.lastTickMs === undefined ? t / 1000 : (t - this.lastTickMs) / 1000;
    this.lastTickMs = t;
    for (const [key, c] of this.counters) {
      values[key] = c.total;
      values[`${key}.rate`] = seconds > 0 ? round((c.total - c.lastTotal) / seconds) : 0;
      c.lastTotal = c.total;
    }
    for (const [key, g] of this.gauges) if (g.touched) values[key] = g.value;
    for (const [key, h] of this.histograms) {
      const p = h.fold();
      if (p !== undefined) {
        values[`${key}.p50`] = p.p50;
        values[`${key}.p90`] = p.p90;
        values[`${key}.p99`] = p.p99;
        values[`${key}.max`] = p.max;
      }
    }
    return { t, values };
  }

  /** Final values: counter totals, last gauges, whole-run histogram percentiles. */
  summary(): Record<string, number> {
    const values: Record<string, number> = {};
    for (const [key, c] of this.counters) values[key] = c.total;
    for (const [key, g] of this.gauges) if (g.touched) values[key] = g.value;
    for (const [key, h] of this.histograms) {
      h.fold();
      const p = h.summary();
      if (p !== undefined) {
        values[`${key}.p50`] = p.p50;
        values[`${key}.p90`] = p.p90;
        values[`${key}.p99`] = p.p99;
        values[`${key}.max`] = p.max;
        values[`${key}.count`] = p.count;
      }
    }
    return values;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
