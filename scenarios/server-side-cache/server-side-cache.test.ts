// One run on the live Redis with the defaults: four API copies over HTTP, the same traffic.
import { describe, expect, it } from 'vitest';
import { expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import serverSideCache from './scenario.ts';

const DURATION_SEC = 7;

describe('server-side-cache on the live Redis', () => {
  it('ranks the copies by database load, and serves stale pages only from the own-page response cache', async () => {
    const run = await runScenario(serverSideCache, { durationSec: DURATION_SEC });
    expect(run.state, run.error).toBe('completed');
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    const s = (key: string): number => summaryOf(run, key);
    // The same reads reached every copy, at about readsPerSec each.
    const reads = s('requests.none');
    expect(reads).toBeGreaterThan(150 * DURATION_SEC * 0.7);
    for (const m of ['response', 'query', 'object']) {
      expect(Math.abs(s(`requests.${m}`) - reads)).toBeLessThan(reads * 0.05);
    }
    expect(s('errors')).toBe(0);
    // No cache: every page is three statements, by the database's own count.
    expect(s('dbQueries.none')).toBe(3 * reads);
    // Writes orphan every product query: the query cache sits between none and the others.
    expect(s('dbQueries.query')).toBeGreaterThan(s('dbQueries.response'));
    expect(s('dbQueries.object')).toBeLessThan(s('dbQueries.none') / 3);
    // Pages that show a written product as related keep its old price in the response cache.
    expect(s('stale.response')).toBeGreaterThan(0);
    expect(s('stale')).toBe(s('stale.response'));
    expect(
      run.events.some((e) => e.message.startsWith('First stale page from the response cache')),
    ).toBe(true);
    // A response-cache hit skips the three database round trips no cache pays for every page.
    expect(s('latency.response.p50')).toBeLessThan(s('latency.none.p50'));
    await expectGoneFromBrokers(run);
  });
});
