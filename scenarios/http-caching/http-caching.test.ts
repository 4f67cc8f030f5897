// One live run: clients with undici caches against the run's own origin, with a "browser"
// fetching through the exposed endpoint as the panel does (a Via header, counted apart).
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView, Run } from '../src/testing/index.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { factKeys } from './facts.ts';
import { httpCachingMetrics } from './metrics.ts';
import type { HttpCachingParams } from './params.ts';
import { RESOURCES } from './resources.ts';
import httpCaching from './scenario.ts';

const DURATION_SEC = 7;
const params: Partial<HttpCachingParams> = { changeEverySec: 2, swrSec: 5 };

describe('http-caching on its own origin', () => {
  let run: FinishedRunView;
  let originUrl = '';
  let viaAnswers: number[] = [];
  let afterwards = '';
  let endpointAfter: string | undefined = 'not read';

  beforeAll(async () => {
    let live: Run | undefined;
    const finished = runScenario(httpCaching, {
      params,
      durationSec: DURATION_SEC,
      onStart: (r) => (live = r),
    });
    await waitFor(() => live?.httpEndpoint('origin') !== undefined, { withinMs: 3000 });
    originUrl = live?.httpEndpoint('origin') ?? '';
    // What the playground server does for the panel: the same resources, through a proxy.
    const index = (await (await fetch(`${originUrl}/_resources`)).json()) as {
      resources: { path: string }[];
    };
    viaAnswers = await Promise.all(
      index.resources.map(async (r) => {
        const res = await fetch(`${originUrl}${r.path}`, { headers: { via: '1.1 test' } });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    run = await finished;
    endpointAfter = live?.httpEndpoint('origin');
    afterwards = await fetch(`${originUrl}/fresh`).then(
      (res) => `answered ${res.status}`,
      () => 'refused',
    );
  }, 30_000);

  it('completes with every check passing', () => {
    expect(run.state, run.error).toBe('completed');
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    expect(checkOf(run, 'origin-counted-what-left-the-clients').detail).toMatch(/background/);
  });

  it('answers from cache, by 304 and in full, and refreshes /swr in the background', () => {
    const s = (key: string): number => summaryOf(run, key);
    expect(s('requests')).toBeGreaterThan(200 * DURATION_SEC * 0.8);
    expect(s('fromCache') + s('revalidated') + s('full')).toBe(s('requests'));
    for (const key of ['fromCache', 'revalidated', 'full', 'backgroundRevalidations']) {
      expect(s(key), key).toBeGreaterThan(0);
    }
    expect(s('staleServed')).toBeGreaterThan(0);
    expect(s('errors')).toBe(0);
    // A 304 saves the body, not the trip: cache answers are far faster than either.
    expect(s('latency.cache.p50')).toBeLessThan(s('latency.revalidated.p50') / 3);
    expect(s('latency.revalidated.p50')).toBeGreaterThanOrEqual(10);
    expect(s('bytesFromCache')).toBeGreaterThan(0);
  });

  it('serves old versions only where a lifetime allows it, and never past it', () => {
    expect(Number(run.facts[factKeys.changes])).toBeGreaterThanOrEqual(2);
    const outdated = (id: string): number => Number(run.facts[factKeys.outdatedPerResource(id)]);
    for (const r of RESOURCES) {
      if (r.mustAsk) expect(outdated(r.id), r.id).toBe(0);
    }
    expect(outdated('fresh') + outdated('noValidator') + outdated('swr')).toBeGreaterThan(0);
    expect(run.facts[factKeys.outdatedOverWindow]).toBe(0);
  });

  it("counts the panel's requests apart, and the origin is gone with the run", async () => {
    expect(viaAnswers).toEqual(RESOURCES.map(() => 200));
    expect(summaryOf(run, 'browserRequests')).toBe(RESOURCES.length);
    // The engine stops forwarding once the scenario returns, and the origin is closed.
    expect(endpointAfter).toBeUndefined();
    expect(afterwards).toBe('refused');
    await expectGoneFromBrokers(run);
  });

  it('streamed frames with every key', () => {
    const expected = httpCachingMetrics.flatMap((m) =>
      m.kind === 'counter'
        ? [m.key, `${m.key}.rate`]
        : m.kind === 'gauge'
          ? [m.key]
          : [`${m.key}.p50`],
    );
    const last = run.frames.at(-1)?.values ?? {};
    for (const key of expected) expect(key in last || key in run.summary, key).toBe(true);
  });
});
