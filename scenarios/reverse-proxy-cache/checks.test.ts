// Each check on made-up numbers: it fails when the two sources disagree, and says not applicable,
// never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { reverseProxyCacheChecks } from './checks.ts';
import type { ReverseProxyCacheParams } from './params.ts';

const params: ReverseProxyCacheParams = {
  clients: 8,
  requestsPerSec: 200,
  resources: 20,
  ttlSec: 2,
  originDelayMs: 40,
  proxyTimeoutMs: 1000,
  useStale: true,
  backgroundUpdate: true,
  cacheLock: true,
  revalidate: false,
  bypassShare: 0.02,
  changeEverySec: 3,
  outageAtSec: 4,
  outageSec: 2,
  seed: 42,
};

/** A consistent run: 1500 answers; 130 upstream requests; an outage absorbed by stale copies. */
function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
  p: Partial<ReverseProxyCacheParams> = {},
): FinishedRun<ReverseProxyCacheParams> {
  return {
    params: { ...params, ...p },
    summary: {
      requests: 1500,
      'status.HIT': 1300,
      'status.MISS': 20,
      'status.STALE': 100,
      'status.UPDATING': 60,
      'status.BYPASS': 20,
      'latency.HIT.p50': 0.4,
      'latency.MISS.p50': 42,
      ...summary,
    },
    facts: {
      'log.requests': 1500,
      'log.HIT': 1300,
      'log.MISS': 20,
      'log.EXPIRED': 0,
      'log.STALE': 100,
      'log.UPDATING': 60,
      'log.REVALIDATED': 0,
      'log.BYPASS': 20,
      'log.unlabelled': 0,
      'clients.unlabelled': 0,
      'clients.noAnswer': 0,
      'log.upstreamAttempts': 130,
      'log.upstream.MISS': 20,
      'log.upstream.BYPASS': 20,
      'log.upstream.background': 90,
      'log.upstreamDropped': 50,
      'origin.requests': 130,
      'origin.dropped': 50,
      drained: true,
      'outage.happened': true,
      'outage.useStale': true,
      'outage.cachedRequests': 390,
      'outage.cachedErrors': 0,
      'outage.stale': 50,
      minOriginDelayMs: 40,
      ...facts,
    },
    durationMs: 8000,
  };
}

const status = (id: string, r: FinishedRun<ReverseProxyCacheParams>): string => {
  const check = reverseProxyCacheChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('reverse-proxy-cache checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of reverseProxyCacheChecks) {
      expect(status(check.id, run()), check.id).toBe('passed');
    }
  });

  it('statuses-match-access-log fails when one status, or the total, differs from nginx’s log', () => {
    const id = 'statuses-match-access-log';
    expect(status(id, run({ 'status.HIT': 1299 }))).toBe('failed');
    expect(status(id, run({}, { 'log.STALE': 101 }))).toBe('failed');
    // Same per status, but nginx logged a request no client saw answered.
    expect(status(id, run({}, { 'log.requests': 1501 }))).toBe('failed');
    expect(status(id, run({}, { 'log.unlabelled': 1 }))).toBe('failed');
    expect(status(id, run({}, { 'log.requests': 'x' }))).toBe('failed');
    expect(
      status(
        id,
        run(
          {
            requests: 0,
            'status.HIT': 0,
            'status.MISS': 0,
            'status.STALE': 0,
            'status.UPDATING': 0,
            'status.BYPASS': 0,
          },
          {
            'log.requests': 0,
            'log.HIT': 0,
            'log.MISS': 0,
            'log.STALE': 0,
            'log.UPDATING': 0,
            'log.BYPASS': 0,
          },
        ),
      ),
    ).toBe('not-applicable');
  });

  it('origin-count-matches-log fails when the origin saw more or fewer requests than nginx sent', () => {
    const id = 'origin-count-matches-log';
    expect(status(id, run({}, { 'origin.requests': 131 }))).toBe('failed');
    expect(status(id, run({}, { 'log.upstreamAttempts': 129 }))).toBe('failed');
    expect(status(id, run({}, { 'origin.requests': 0, 'log.upstreamAttempts': 0 }))).toBe(
      'not-applicable',
    );
  });

  it('outage-served-stale fails on an error for a cached URL or a dropped connection nginx did not log', () => {
    const id = 'outage-served-stale';
    expect(status(id, run({}, { 'outage.cachedErrors': 1 }))).toBe('failed');
    expect(status(id, run({}, { 'origin.dropped': 51 }))).toBe('failed');
    expect(status(id, run({}, { 'outage.happened': false }, { outageAtSec: 0 }))).toBe(
      'not-applicable',
    );
    expect(status(id, run({}, { 'outage.happened': false }))).toBe('not-applicable');
    expect(status(id, run({}, { 'outage.useStale': false, 'outage.cachedErrors': 40 }))).toBe(
      'not-applicable',
    );
    expect(status(id, run({}, { 'origin.dropped': 0, 'log.upstreamDropped': 0 }))).toBe(
      'not-applicable',
    );
  });

  it('hits-skip-the-origin-wait fails when a hit waited as long as the origin, or a miss did not', () => {
    const id = 'hits-skip-the-origin-wait';
    expect(status(id, run({ 'latency.HIT.p50': 41 }))).toBe('failed');
    expect(status(id, run({ 'latency.MISS.p50': 10 }))).toBe('failed');
    expect(status(id, run({}, { minOriginDelayMs: 2 }))).toBe('not-applicable');
    const noMiss = run();
    delete noMiss.summary['latency.MISS.p50'];
    expect(status(id, noMiss)).toBe('not-applicable');
  });
});
