// The fault panel in a real browser: latency applied to cache-aside's Redis link from the panel
// raises the read-latency chart, with a fault marker on it, and the run then ends cleanly.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until } from '../../playground-server/test/app-harness.ts';
import { expectGoneFromBrokers } from '../../scenarios/src/testing/index.ts';
import type { RunResources } from '../../scenarios/src/sdk/spec.ts';
import { browserSuite, repoRoot } from './browser.ts';

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

/**
 * Where a live line is drawn, in the chart's own pixels: the points left of the first fault
 * marker, and the newest point. A smaller y is higher on the screen.
 */
async function lineAroundFault(
  page: Page,
  chart: string,
  series: string,
): Promise<{ before: number[]; last: number }> {
  return page.$eval(
    `[data-chart="${chart}"]`,
    (el, id) => {
      const svg = el.querySelector('svg.live-plot')!.getBoundingClientRect();
      const marker = el
        .querySelector('.chart-marker[data-marker-kind="fault"]')!
        .getBoundingClientRect();
      const faultX = marker.left + marker.width / 2 - svg.left;
      const d = el.querySelector(`path.line[data-series="${id}"]`)?.getAttribute('d') ?? '';
      const points = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({
        x: Number(m[1]),
        y: Number(m[2]),
      }));
      return {
        before: points.filter((p) => p.x < faultX - 2).map((p) => p.y),
        last: points.at(-1)?.y ?? Number.NaN,
      };
    },
    series,
  );
}

describe('fault panel', () => {
  const suite = browserSuite({ width: 1440, height: 1400 });
  const { api } = suite;

  it('applies latency to cache-aside’s Redis: the read latency chart rises, with the fault marker', async () => {
    const { page } = suite.tab;
    const run = await api<RunJson>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'cache-aside', durationSec: 9 }),
    });
    await page.goto(`${suite.server.url}/scenarios/cache-aside?run=${run.id}`);
    await page.waitForSelector('[data-chart="latency"][data-renderer="live"] path.line');

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
    // The hits' median line ends above every point it drew before the fault.
    const hits = await until(
      'the hits line to climb past the fault',
      () => lineAroundFault(page, 'latency', 'hitLatency.p50'),
      (l) => l.before.length > 0 && l.last < Math.min(...l.before) - 20,
      6_000,
    );
    expect(hits.last).toBeLessThan(Math.min(...hits.before));
    expect(after).toBeGreaterThanOrEqual(600);
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
    // (The median frame: a cold start on a busy machine can put one early frame higher.)
    const sorted = earlier.map(hit).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(60);
    expect(Math.min(...later.slice(0, 4).map(hit))).toBeGreaterThanOrEqual(600);
    await expectGoneFromBrokers(ended);
    expect(suite.tab.errors).toEqual([]);
  }, 40_000);

  it('puts node actions on a cluster’s broker boxes: pause shows on the box, resume brings it back', async () => {
    const { page } = suite.tab;
    const run = await api<RunJson>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'redis-failover', durationSec: 20 }),
    });
    await page.goto(`${suite.server.url}/scenarios/redis-failover?run=${run.id}`);
    // The box appears once the Sentinel set is up and its nodes are registered.
    const box = '[data-fault-node="redis-2"]';
    await page.waitForSelector(`${box} button[aria-label="Pause redis-2"]`, { timeout: 15_000 });
    // The picture re-lays itself out as live numbers change: a DOM click, not a pointer one.
    await page.locator(`${box} button[aria-label="Pause redis-2"]`).dispatchEvent('click');
    await page.waitForSelector(`${box} .node-state.paused`);
    const paused = await api<{ nodes: { name: string; state: string; pid: number }[] }>(
      `/api/runs/${run.id}/faults`,
    );
    const node = paused.nodes.find((n) => n.name === 'redis-2');
    expect(node?.state).toBe('paused');
    // The kernel agrees: SIGSTOPped.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`/proc/${node!.pid}/stat`, 'utf8').split(' ')[2]).toBe('T');
    await page.locator(`${box} button[aria-label="Resume redis-2"]`).dispatchEvent('click');
    await page.waitForSelector(`${box} .node-state.running`);
    const ended = await fetch(`${suite.server.url}/api/runs/${run.id}/stop`, { method: 'POST' });
    expect(ended.status).toBe(200);
    const record = await until(
      'the run to end',
      () => api<RunJson>(`/api/runs/${run.id}`),
      (r) => r.state !== 'running',
      20_000,
    );
    expect(record.markers.filter((m) => m.kind === 'fault').map((m) => m.label)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/redis-2 paused/),
        expect.stringMatching(/redis-2 resumed/),
      ]),
    );
    expect(suite.tab.errors).toEqual([]);
  }, 45_000);
});
