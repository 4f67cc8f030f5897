import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckSpec, RunFacts } from '../src/sdk/contract.ts';
import { SHOP_SERVICES } from '../src/sdk/index.ts';
import type { LogAndMetricsParams } from './params.ts';

const ENDED_EARLY = 'the run ended before the final counts';

/** The facts the run records per service (`kafka.requests.gateway`…). */
export const fact = {
  kafkaRequests: (s: string) => `kafka.requests.${s}`,
  kafkaErrors: (s: string) => `kafka.errors.${s}`,
  metricsRequests: (s: string) => `metrics.requests.${s}`,
  metricsErrors: (s: string) => `metrics.errors.${s}`,
  /** The exact percentile of the durations that came through Kafka, ms. */
  kafkaQuantile: (q: Quantile, s: string) => `kafka.${q}.${s}`,
  /** The bounds (ms) of the service's histogram bucket holding the same rank. */
  bucketLower: (q: Quantile, s: string) => `metrics.${q}.lower.${s}`,
  bucketUpper: (q: Quantile, s: string) => `metrics.${q}.upper.${s}`,
};

export const QUANTILES = { p50: 0.5, p99: 0.99 } as const;
export type Quantile = keyof typeof QUANTILES;

/**
 * Both sides read the same `reply.elapsedTime` (the shipper and the histogram, in one
 * onResponse each), so a Kafka percentile falls in the bucket exactly; this only absorbs the
 * rounding between the histogram's seconds and the records' milliseconds.
 */
export const BOUND_SLACK_MS = 0.001;

const num = (facts: RunFacts, key: string): number | undefined => {
  const v = facts[key];
  return typeof v === 'number' ? v : undefined;
};

const drainedNote = (facts: RunFacts): string =>
  facts.drained === true ? '' : ' (the pipeline had not drained)';

export const logAndMetricsChecks: CheckSpec<LogAndMetricsParams>[] = [
  {
    id: 'kafka-counts-match-metrics',
    description:
      'Per service, the requests and error logs counted from the Kafka records equal the requests and 5xx answers in the service’s own /metrics (every instance, read after the pipeline drained)',
    evaluate(run) {
      const rows: string[] = [];
      let passed = run.facts.drained === true;
      let any = false;
      for (const s of SHOP_SERVICES) {
        const kr = num(run.facts, fact.kafkaRequests(s));
        const ke = num(run.facts, fact.kafkaErrors(s));
        const mr = num(run.facts, fact.metricsRequests(s));
        const me = num(run.facts, fact.metricsErrors(s));
        if (kr === undefined || ke === undefined || mr === undefined || me === undefined) continue;
        any ||= kr + mr > 0;
        if (kr !== mr || ke !== me) passed = false;
        rows.push(`${s} ${kr}/${mr} requests, ${ke}/${me} errors`);
      }
      if (rows.length === 0) return { passed: false, detail: ENDED_EARLY };
      if (!any) return notApplicable('no service answered a request');
      return {
        passed,
        detail: `Kafka / /metrics: ${rows.join('; ')}${drainedNote(run.facts)}`,
      };
    },
  },
  {
    id: 'latency-within-bucket',
    description:
      'Per service, the p50 and p99 of the request durations that came through Kafka fall in the bucket of the service’s own latency histogram that holds the same rank',
    evaluate(run) {
      const rows: string[] = [];
      let passed = true;
      for (const s of SHOP_SERVICES) {
        for (const q of Object.keys(QUANTILES) as Quantile[]) {
          const v = num(run.facts, fact.kafkaQuantile(q, s));
          const lo = num(run.facts, fact.bucketLower(q, s));
          const hi = num(run.facts, fact.bucketUpper(q, s));
          if (v === undefined || lo === undefined || hi === undefined) continue;
          const inside = v > lo - BOUND_SLACK_MS && v <= hi + BOUND_SLACK_MS;
          if (!inside) passed = false;
          rows.push(`${s} ${q} ${v.toFixed(1)} ms in (${lo}, ${hi}]${inside ? '' : ' ✗'}`);
        }
      }
      if (rows.length === 0) {
        return run.facts.drained === undefined
          ? { passed: false, detail: ENDED_EARLY }
          : notApplicable('no service answered a request');
      }
      return { passed, detail: rows.join('; ') };
    },
  },
  {
    id: 'aggregator-read-the-log',
    description: 'The aggregator read as many records as the log topic holds (its log end offsets)',
    evaluate(run) {
      const consumed = num(run.facts, 'aggregatorConsumed');
      const logEnd = num(run.facts, 'logEnd');
      if (consumed === undefined || logEnd === undefined)
        return { passed: false, detail: ENDED_EARLY };
      if (consumed === 0 && logEnd === 0) return notApplicable('no record was shipped');
      return {
        passed: consumed === logEnd,
        detail: `read ${consumed} records; the topic holds ${logEnd}`,
      };
    },
  },
];
