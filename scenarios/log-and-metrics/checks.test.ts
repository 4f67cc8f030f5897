// Each check on made-up numbers: it fails when Kafka's side and the services' side disagree, and
// says not applicable, never passed, when nothing was shipped.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { SHOP_SERVICES } from '../src/sdk/index.ts';
import { fact, logAndMetricsChecks } from './checks.ts';
import type { LogAndMetricsParams } from './params.ts';

const params: LogAndMetricsParams = {
  requestsPerSec: 60,
  faultyService: 'product-service',
  failRate: 0.1,
  delayMs: 0,
  seed: 7,
};

function consistentFacts(): RunFacts {
  const facts: RunFacts = { drained: true, aggregatorConsumed: 1200, logEnd: 1200 };
  SHOP_SERVICES.forEach((s, i) => {
    facts[fact.kafkaRequests(s)] = facts[fact.metricsRequests(s)] = 100 + i;
    facts[fact.kafkaErrors(s)] = facts[fact.metricsErrors(s)] = i;
    facts[fact.kafkaQuantile('p50', s)] = 3.2;
    facts[fact.bucketLower('p50', s)] = 2.5;
    facts[fact.bucketUpper('p50', s)] = 5;
    facts[fact.kafkaQuantile('p99', s)] = 41;
    facts[fact.bucketLower('p99', s)] = 25;
    facts[fact.bucketUpper('p99', s)] = 50;
  });
  return facts;
}

function run(change: (f: RunFacts) => void = () => undefined): FinishedRun<LogAndMetricsParams> {
  const facts = consistentFacts();
  change(facts);
  return { params, summary: {}, facts, durationMs: 10_000 };
}

const status = (id: string, r: FinishedRun<LogAndMetricsParams>): string => {
  const check = logAndMetricsChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('log-and-metrics checks', () => {
  it('pass on consistent numbers', () => {
    for (const c of logAndMetricsChecks) expect(status(c.id, run()), c.id).toBe('passed');
  });

  it('kafka-counts-match-metrics fails on one request or one error off, or an undrained pipeline', () => {
    const id = 'kafka-counts-match-metrics';
    expect(
      status(
        id,
        run((f) => (f[fact.kafkaRequests('gateway')] = 99)),
      ),
    ).toBe('failed');
    expect(
      status(
        id,
        run((f) => (f[fact.metricsErrors('product-service')] = 4)),
      ),
    ).toBe('failed');
    expect(
      status(
        id,
        run((f) => (f.drained = false)),
      ),
    ).toBe('failed');
    const ended = run((f) => {
      for (const s of SHOP_SERVICES) delete f[fact.kafkaRequests(s)];
    });
    expect(status(id, ended)).toBe('failed');
    const idle = run((f) => {
      for (const s of SHOP_SERVICES) {
        f[fact.kafkaRequests(s)] = f[fact.metricsRequests(s)] = 0;
        f[fact.kafkaErrors(s)] = f[fact.metricsErrors(s)] = 0;
      }
    });
    expect(status(id, idle)).toBe('not-applicable');
  });

  it('latency-within-bucket fails when a Kafka percentile lies outside the histogram’s bucket', () => {
    const id = 'latency-within-bucket';
    expect(
      status(
        id,
        run((f) => (f[fact.kafkaQuantile('p99', 'gateway')] = 60)),
      ),
    ).toBe('failed');
    expect(
      status(
        id,
        run((f) => (f[fact.kafkaQuantile('p50', 'auth-service')] = 1.9)),
      ),
    ).toBe('failed');
    // On the upper bound is inside (a bucket counts values ≤ le); just past it is not.
    expect(
      status(
        id,
        run((f) => (f[fact.kafkaQuantile('p50', 'auth-service')] = 5)),
      ),
    ).toBe('passed');
    expect(
      status(
        id,
        run((f) => (f[fact.kafkaQuantile('p50', 'auth-service')] = 5.01)),
      ),
    ).toBe('failed');
    const none = run((f) => {
      for (const key of Object.keys(f)) if (/^(kafka|metrics)\.p\d\d/.test(key)) delete f[key];
    });
    expect(status(id, none)).toBe('not-applicable');
  });

  it('aggregator-read-the-log fails when it read fewer records than the topic holds', () => {
    const id = 'aggregator-read-the-log';
    expect(
      status(
        id,
        run((f) => (f.aggregatorConsumed = 1199)),
      ),
    ).toBe('failed');
    expect(
      status(
        id,
        run((f) => delete f.logEnd),
      ),
    ).toBe('failed');
    expect(
      status(
        id,
        run((f) => (f.aggregatorConsumed = f.logEnd = 0)),
      ),
    ).toBe('not-applicable');
  });
});
