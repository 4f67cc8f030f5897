// The charts tell the run's story in a real browser: a fanout run with a slow subscriber, live and
// then finished. The drain is shaded and its burst is off the scale instead of flattening the
// load; the live change is a line on every chart, with a tooltip; legends give whole-run figures.
import { describe, expect, it } from 'vitest';
import { until } from '../../playground-server/test/app-harness.ts';
import { expectGoneFromBrokers } from '../../scenarios/src/testing/index.ts';
import type { RunResources } from '../../scenarios/src/sdk/spec.ts';
import { browserSuite, repoRoot } from './browser.ts';
import { formatValue } from '../../playground-ui/src/charts/format.ts';

interface RunJson {
  id: string;
  state: string;
  elapsedMs: number;
  summary: Record<string, number>;
  resources: RunResources;
  phases: { name: string; startMs: number; endMs: number | null }[];
  markers: { t: number; kind: string; label: string }[];
}

interface FramesJson {
  frames: { t: number; values: Record<string, number> }[];
}

describe('charts that tell the story, live and after the run', () => {
  const suite = browserSuite({ width: 1440, height: 1300 });
  const { api } = suite;

  it('shades the drain, fits the scale to the load, and marks a live change on every chart', async () => {
    const { page } = suite.tab;
    // 100 msg/s to two queues; subscriber 1 acks one every 20 ms (50/s): its backlog grows ~50/s.
    const run = await api<RunJson>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'fanout',
        params: { subscribers: 2, messagesPerSec: 100, slowSubscriberDelayMs: 20 },
        durationSec: 6,
      }),
    });
    await page.goto(`${suite.server.url}/scenarios/fanout?run=${run.id}`);
    await page.waitForSelector('[data-chart="queueDepth"][data-renderer="live"] path.line');

    // A live change late in the load, so the backlog's slope before it is the lesson's 50/s.
    await until(
      '4.5 s of load',
      () => api<RunJson>(`/api/runs/${run.id}`),
      (r) => r.elapsedMs > 4500,
      8000,
    );
    await fetch(`${suite.server.url}/api/runs/${run.id}/params`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messagesPerSec: 120 }),
    });
    // Live, the marker reaches the charts through the run's state.
    await page.waitForSelector(
      '[data-chart="queueDepth"][data-renderer="live"] .chart-marker[data-marker-kind="change"]',
    );

    const ended = await until(
      'the run to end',
      () => api<RunJson>(`/api/runs/${run.id}`),
      (r) => r.state !== 'running',
      20_000,
    );
    expect(ended.state).toBe('completed');
    expect(ended.phases.map((p) => p.name)).toEqual(['load', 'drain']);
    expect(ended.markers.filter((m) => m.kind === 'change').map((m) => m.label)).toEqual([
      'messagesPerSec=120',
    ]);
    await page.waitForSelector('[data-chart="perSubscriber"][data-renderer="recharts"]');

    // The slow subscriber's backlog grew ~50/s during the load, as RabbitMQ reported it.
    const { frames } = await api<FramesJson>(`/api/runs/${run.id}/frames`);
    const depths = frames.flatMap((f) => {
      const depth = f.values['queueDepth.s1'];
      return depth === undefined ? [] : [{ s: f.t / 1000, depth }];
    });
    const depthAt = (s: number): number => depths.filter((d) => d.s <= s).at(-1)?.depth ?? NaN;
    const from = Math.max(1.2, (depths[0]?.s ?? 0) + 0.5);
    const slope = (depthAt(4.2) - depthAt(from)) / (4.2 - from);
    expect(4.2 - from, 'seconds of backlog measured').toBeGreaterThan(1.5);
    expect(slope).toBeGreaterThan(35);
    expect(slope).toBeLessThan(80);
    // The backlog RabbitMQ reports grows by what arrives minus what subscriber 1 takes, both
    // counted by the clients over the same seconds (a busy machine slows the subscriber below
    // its 50/s, and the backlog then grows faster by as much).
    const totalAt = (key: string, s: number): number =>
      frames.filter((f) => f.t / 1000 <= s).at(-1)?.values[key] ?? NaN;
    const gap =
      (totalAt('confirmed', 4.2) -
        totalAt('confirmed', from) -
        (totalAt('delivered.s1', 4.2) - totalAt('delivered.s1', from))) /
      (4.2 - from);
    expect(Math.abs(slope - gap)).toBeLessThan(Math.max(8, gap * 0.2));

    // The drain's catching-up burst is off the scale instead of setting it.
    const perSubscriber = '[data-chart="perSubscriber"]';
    // The scale is the load's own top, rounded up: the subscribers' 100 and 50 msg/s, and
    // whatever a busy machine's uneven ticks made of them, as the frames recorded it.
    const drainStart = ended.phases.find((p) => p.name === 'drain')?.startMs ?? Infinity;
    const loadTop = Math.max(
      ...frames
        .filter((f) => f.t <= drainStart)
        .flatMap((f) => [f.values['delivered.s1.rate'] ?? 0, f.values['delivered.s2.rate'] ?? 0]),
    );
    const yMax = Number(await page.getAttribute(perSubscriber, 'data-y-max'));
    const peak = Number(await page.getAttribute(perSubscriber, 'data-peak'));
    expect(loadTop).toBeGreaterThanOrEqual(90);
    expect(yMax).toBeGreaterThanOrEqual(loadTop);
    expect(yMax).toBeLessThan(loadTop * 2);
    expect(peak).toBeGreaterThan(yMax);
    await expect(page.textContent(`${perSubscriber} .off-scale`)).resolves.toContain('off scale');
    // The backlog chart's scale holds the load phase's backlog (its peak is at the drain's start).
    const depthMax = Number(await page.getAttribute('[data-chart="queueDepth"]', 'data-y-max'));
    expect(depthMax).toBeGreaterThanOrEqual(depthAt(4.2));

    // The drain is a band on every chart, from the load's end to the run's.
    const charts = await page.$$eval('[data-chart]', (c) => c.length);
    expect(await page.$$eval('.phase-band[data-phase="drain"]', (b) => b.length)).toBe(charts);
    expect(await page.textContent(`${perSubscriber} .phase-band[data-phase="drain"]`)).toBe(
      'drain',
    );

    // The live change is a line on every chart; hovering one says what changed and when.
    const markers = page.locator('.chart-marker[data-marker-kind="change"]');
    expect(await markers.count()).toBe(charts);
    const marker = page.locator(`${perSubscriber} .chart-marker[data-marker-kind="change"]`);
    await marker.hover();
    const tip = marker.locator('.marker-tip');
    await expect(tip.isVisible()).resolves.toBe(true);
    await expect(tip.textContent()).resolves.toMatch(/messagesPerSec=120.*live change · \d+\.\d s/);
    await marker.focus();
    await expect(marker.getAttribute('aria-label')).resolves.toContain('messagesPerSec=120');

    // Legends speak of the whole run: the run's p50, a counter's total.
    const latency = await page.$$eval('[data-chart="latency"] .legend-value', (v) =>
      v.map((x) => x.textContent),
    );
    expect(latency).toContain(formatValue(ended.summary['e2eLatency.p50'], 'ms'));
    const throughput = (await page.textContent('[data-chart="throughput"] .chart-legend')) ?? '';
    expect(throughput).toContain('total');

    // No y-axis label pokes out of its plot (the axis is as wide as its widest label).
    const clipped = await page.$$eval('.recharts-yAxis .recharts-cartesian-axis-tick-value', (ts) =>
      ts
        .filter((t) => {
          const plot = t.closest('.chart-plot')?.getBoundingClientRect();
          return plot === undefined || t.getBoundingClientRect().left < plot.left;
        })
        .map((t) => t.textContent),
    );
    expect(clipped).toEqual([]);

    await page.mouse.move(0, 0);
    await marker.blur();
    await page.locator('.charts-section').screenshot({
      path: `${repoRoot}docs/screenshots/fanout-finished-phases.png`,
    });
    expect(suite.tab.errors).toEqual([]);
    await expectGoneFromBrokers(ended);
  });
});
