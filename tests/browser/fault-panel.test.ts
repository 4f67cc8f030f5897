// The fault panel in a real browser: latency applied to cache-aside's Redis link from the panel
// raises the read-latency chart, with a fault marker on it, and the run then ends cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import { expectGoneFromBrokers } from '../../scenarios/src/testing/index.ts';
import type { RunResources } from '../../scenarios/src/sdk/spec.ts';
import { ensureUiBuilt, launchBrowser, openPage, repoRoot } from './browser.ts';
import type { BrowserPage } from './browser.ts';

interface RunJson {
  id: string;
  state: string;
  resources: RunResources;
  markers: { t: number; kind: string; label: string }[];
}

interface FramesJson {
  frames: { t: number; values: Record<string, number> }[];
}

/** The top of a chart's y scale, from its tick labels ("600 ms" → 600). */
async function yTop(page: Page, chart: string): Promise<number> {
  const ticks = await page.$$eval(
    // The live plot draws its own axis; a finished run's is Recharts'.
    `[data-chart="${chart}"] .chart-axis.y text, [data-chart="${chart}"] .recharts-yAxis .recharts-cartesian-axis-tick-value`,
    (ts) => ts.map((t) => t.textContent ?? ''),
  );
  return Math.max(0, ...ticks.map((t) => Number.parseFloat(t.replace(/[^0-9.]/g, '')) || 0));
}

describe('fault panel', () => {
  let server: Harness;
  let browser: Browser;
  let tab: BrowserPage;

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer();
    browser = await launchBrowser();
    tab = await openPage(browser, { width: 1440, height: 1400 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const api = async <T>(path: string, init?: RequestInit): Promise<T> =>
    (await (await fetch(`${server.url}${path}`, init)).json()) as T;

  it('applies latency to cache-aside’s Redis: the read latency chart rises, with the fault marker', async () => {
    const { page } = tab;
    const run = await api<RunJson>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'cache-aside', durationSec: 9 }),
    });
    await page.goto(`${server.url}/scenarios/cache-aside?run=${run.id}`);
    await page.waitForSelector('[data-chart="latency"][data-renderer="live"] path.line');
    const before = await yTop(page, 'latency');

    await page.click('#faults-title');
    await page.waitForSelector('[data-testid="fault-panel"] select[name="fault-link"]');
    await page.selectOption('select[name="fault-link"]', 'redis');
    await page.selectOption('select[name="fault-type"]', 'latency');
    await page.fill('input[name="fault-latency"]', '600');
    await page.fill('input[name="fault-jitter"]', '0');
    await page.click('[data-testid="fault-panel"] button[type="submit"]');

    // The toxic is listed under its link, and the marker reaches the chart.
    await page.waitForSelector('[data-link="redis"] .fault-toxics li');
    await page.waitForSelector('[data-chart="latency"] .chart-marker[data-marker-kind="fault"]', {
      timeout: 5_000,
    });
    // Every read now costs at least one slowed round trip: the scale climbs past 600 ms, above
    // anything it showed before (the first reads, on a cold origin, reach a few hundred).
    const after = await until(
      'the latency chart to rise',
      () => yTop(page, 'latency'),
      (top) => top >= 600,
      6_000,
    );
    expect(after).toBeGreaterThan(before);
    await page.locator('.charts-section').screenshot({
      path: `${repoRoot}docs/screenshots/fault-panel-latency.png`,
    });

    const ended = await until(
      'the run to end',
      () => api<RunJson>(`/api/runs/${run.id}`),
      (r) => r.state !== 'running',
      20_000,
    );
    expect(ended.state).toBe('completed');
    const fault = ended.markers.find((m) => m.kind === 'fault');
    expect(fault?.label).toMatch(/latency 600 ms downstream on redis/);
    // What the chart drew: hits were one Redis round trip before the fault, over 600 ms after.
    const { frames } = await api<FramesJson>(`/api/runs/${run.id}/frames`);
    const hit = (f: FramesJson['frames'][number]) => f.values['hitLatency.p50'] ?? 0;
    const earlier = frames.filter((f) => f.t < fault!.t && hit(f) > 0);
    const later = frames.filter((f) => f.t > fault!.t + 1_000 && hit(f) > 0);
    expect(Math.max(...earlier.map(hit))).toBeLessThan(60);
    expect(Math.min(...later.slice(0, 4).map(hit))).toBeGreaterThanOrEqual(600);
    await expectGoneFromBrokers(ended);
    expect(tab.errors).toEqual([]);
  }, 40_000);
});
