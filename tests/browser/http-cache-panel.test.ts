// The http-caching panel in a real browser: the learner's Chromium fetches the run's resources
// through the playground server and answers a repeat fetch of a max-age resource from its own
// HTTP cache (Resource Timing: 0 bytes transferred; the origin: no request), revalidates the
// no-cache one (a 304), and fetches the no-store one in full every time. The run's own checks
// still pass: the origin counted the browser's requests apart from the load's.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until } from '../../playground-server/test/app-harness.ts';
import { browserSuite, screenshot } from './browser.ts';

interface RunJson {
  id: string;
  state: string;
  summary: Record<string, number>;
  checks: { id: string; status: string; detail: string }[];
}

interface Row {
  path: string;
  verdict: string;
  transferSize: string;
}

/** The panel's log, newest first: what Resource Timing said about each fetch. */
async function rows(page: Page): Promise<Row[]> {
  return page.$$eval('.http-cache-log tbody tr', (trs) =>
    trs.map((tr) => ({
      path: tr.getAttribute('data-path') ?? '',
      verdict: tr.getAttribute('data-verdict') ?? '',
      transferSize: tr.getAttribute('data-transfer-size') ?? '',
    })),
  );
}

describe('http-caching: your browser’s cache', () => {
  const suite = browserSuite({ width: 1440, height: 1600 });
  const { api } = suite;
  const browserRequests = async (id: string): Promise<number> =>
    (await api<RunJson>(`/api/runs/${id}`)).summary['browserRequests'] ?? 0;

  it('answers a repeat fetch from its own cache and revalidates no-cache', async () => {
    const { page } = suite.tab;
    // No new versions during the test: every revalidation is a 304.
    const run = await api<RunJson>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'http-caching',
        durationSec: 20,
        params: { changeEverySec: 0, maxAgeSec: 60, requestsPerSec: 50 },
      }),
    });
    await page.goto(`${suite.server.url}/scenarios/http-caching?run=${run.id}`);
    await page.waitForSelector('[data-testid="http-cache-panel"] [data-resource="/fresh"]', {
      timeout: 10_000,
    });
    const fetchAll = page.locator('[data-testid="http-cache-fetch-all"]');

    await fetchAll.click();
    await until(
      'six fetches',
      () => rows(page),
      (r) => r.length === 6,
      10_000,
    );
    await until('the panel to be ready again', () => fetchAll.isEnabled(), Boolean, 5_000);
    // The first time, all six crossed the network: the browser's cache was empty.
    expect((await rows(page)).map((r) => r.verdict)).toEqual(Array(6).fill('network'));
    const afterFirst = await until(
      'the origin to count the six',
      () => browserRequests(run.id),
      (n) => n >= 6,
      5_000,
    );
    expect(afterFirst).toBe(6);

    await fetchAll.click();
    await until(
      'twelve fetches',
      () => rows(page),
      (r) => r.length === 12,
      10_000,
    );
    const second = new Map((await rows(page)).slice(0, 6).map((r) => [r.path, r]));
    // Resource Timing's verdicts, as the panel shows them.
    expect(second.get('/fresh')).toEqual({ path: '/fresh', verdict: 'cache', transferSize: '0' });
    expect(second.get('/no-validator')?.verdict).toBe('cache');
    expect(second.get('/no-cache')?.verdict).toBe('revalidated');
    expect(second.get('/by-date')?.verdict).toBe('revalidated');
    expect(second.get('/no-store')?.verdict).toBe('network');
    // /swr (max-age=1) is from cache either way: fresh, or stale and refreshed in the background.
    expect(second.get('/swr')?.verdict).toBe('cache');
    const fresh = page.locator('.http-cache-log tbody tr[data-path="/fresh"]').first();
    await expect(fresh.textContent()).resolves.toMatch(/from your cache/);
    const noCache = page.locator('.http-cache-log tbody tr[data-path="/no-cache"]').first();
    await expect(noCache.textContent()).resolves.toMatch(/revalidated \(304\)/);

    // A browser freshens its copy on a 304 (undici 8 drops it): a third use revalidates again.
    await page.locator('button[aria-label="Fetch /no-cache"]').click();
    await until(
      'a third /no-cache fetch',
      () => rows(page),
      (r) => r.length === 13,
      10_000,
    );
    expect((await rows(page))[0]).toMatchObject({ path: '/no-cache', verdict: 'revalidated' });

    // The origin agrees: only /no-cache (twice), /by-date and /no-store (and perhaps /swr's
    // background refresh) reached it after the first round; /fresh and /no-validator did not.
    const afterSecond = await until(
      'the origin to count the second round',
      () => browserRequests(run.id),
      (n) => n >= afterFirst + 4,
      5_000,
    );
    expect(afterSecond - afterFirst).toBeGreaterThanOrEqual(4);
    expect(afterSecond - afterFirst).toBeLessThanOrEqual(5);
    await screenshot(page, 'http-cache-panel');

    await fetch(`${suite.server.url}/api/runs/${run.id}/stop`, { method: 'POST' });
    const ended = await until(
      'the run to end',
      () => api<RunJson>(`/api/runs/${run.id}`),
      (r) => r.state !== 'running',
      15_000,
    );
    expect(ended.state).toBe('stopped');
    for (const check of ended.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
    }
    await page.waitForSelector('[data-testid="http-cache-panel"] >> text=origin with it');
    expect(suite.tab.errors).toEqual([]);
  }, 45_000);
});
