// A service's own latency, as its Prometheus histogram knows it: cumulative bucket counts, so a
// percentile is known only to within the bucket it falls in.
import type { PromSample } from '../src/sdk/index.ts';

/** Cumulative buckets, ascending by upper bound (seconds); the last is +Inf. */
export interface Buckets {
  le: number[];
  counts: number[];
}

/**
 * The `<name>_bucket` samples whose labels include `match`, summed per `le` across the other
 * labels (routes, instances): one histogram for the whole service.
 */
export function bucketsOf(
  samples: readonly PromSample[],
  name: string,
  match: Record<string, string> = {},
): Buckets {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    if (!Object.entries(match).every(([k, v]) => s.labels[k] === v)) continue;
    const raw = s.labels.le;
    if (raw === undefined) continue;
    const le = raw === '+Inf' ? Number.POSITIVE_INFINITY : Number(raw);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  const le = [...byLe.keys()].sort((a, b) => a - b);
  return { le, counts: le.map((b) => byLe.get(b) ?? 0) };
}

/** Adds histograms bucket by bucket (instances of one service share their bucket bounds). */
export function addBuckets(a: Buckets, b: Buckets): Buckets {
  const byLe = new Map<number, number>();
  for (const h of [a, b])
    h.le.forEach((le, i) => byLe.set(le, (byLe.get(le) ?? 0) + (h.counts[i] ?? 0)));
  const le = [...byLe.keys()].sort((x, y) => x - y);
  return { le, counts: le.map((x) => byLe.get(x) ?? 0) };
}

export const totalOf = (h: Buckets): number => h.counts[h.counts.length - 1] ?? 0;

/**
 * The bucket (lower, upper] in ms holding the ⌈q·n⌉-th smallest observation, where the
 * cumulative count first reaches that rank. Undefined for an empty histogram.
 */
export function quantileBucket(
  h: Buckets,
  q: number,
): { lowerMs: number; upperMs: number } | undefined {
  const total = totalOf(h);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  const i = h.counts.findIndex((c) => c >= rank);
  if (i < 0) return undefined;
  return {
    lowerMs: i === 0 ? 0 : (h.le[i - 1] ?? 0) * 1000,
    upperMs: (h.le[i] ?? Infinity) * 1000,
  };
}

/**
 * What Prometheus's histogram_quantile() would say, in ms: linear within the bucket; the
 * highest finite bound when the rank falls in +Inf. For the live chart, not for the checks.
 */
export function histogramQuantile(h: Buckets, q: number): number | undefined {
  const total = totalOf(h);
  if (total === 0) return undefined;
  const rank = q * total;
  const i = h.counts.findIndex((c) => c >= rank);
  if (i < 0) return undefined;
  const upper = h.le[i] ?? Infinity;
  const lower = i === 0 ? 0 : (h.le[i - 1] ?? 0);
  if (!Number.isFinite(upper)) return lower * 1000;
  const below = i === 0 ? 0 : (h.counts[i - 1] ?? 0);
  const inBucket = (h.counts[i] ?? 0) - below;
  const within = inBucket === 0 ? 1 : (rank - below) / inBucket;
  return (lower + (upper - lower) * within) * 1000;
}

/** A service's answers and its 5xx answers, from `http_server_requests_total{route,status}`. */
export function requestCounts(samples: readonly PromSample[]): {
  requests: number;
  errors: number;
} {
  let requests = 0;
  let errors = 0;
  for (const s of samples) {
    if (s.name !== 'http_server_requests_total') continue;
    requests += s.value;
    if (Number(s.labels.status) >= 500) errors += s.value;
  }
  return { requests, errors };
}
