// How the live charts perform in Chromium, on a real cache-aside run (13 live series in 5 charts
// at 4 frames/s): a frame's time from the socket to the chart's DOM, frames the page drops while
// drawing (requestAnimationFrame gaps and the Chromium trace), and the page's memory over a run
// of an hour's worth of frames. The numbers go to test-results/ui-rendering.json and
// docs/benchmarks.md ("UI rendering").
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import {
  chartPoints,
  ensureUiBuilt,
  launchBrowser,
  openPage,
  repoRoot,
  screenshot,
} from './browser.ts';

const FRAME_MS = 1000 / 60;
// The benchmark's numbers (docs/benchmarks.md) are 15 s; CI, which only needs the bounds to hold,
// measures 6 s of the same and traces half as long.
const MEASURE_MS = Number(process.env.UI_BENCH_MS ?? (process.env.CI ? 6_000 : 15_000));
const TRACE_MS = Math.min(8_000, MEASURE_MS / 2);

interface RenderSummary {
  frames: number;
  batches: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface FrameTiming {
  intervals: number;
  fps: number;
  dropped: number;
  longTasks: number;
  longTaskMs: number;
  worstGapMs: number;
}

/** The page's globals this benchmark reads (the test's own tsconfig has no DOM library). */
interface BenchWindow {
  __playgroundRenderStats?: { reset(): void; summary(): RenderSummary };
  __benchTiming?: () => FrameTiming;
  requestAnimationFrame(callback: (now: number) => void): number;
}

/** Watches requestAnimationFrame: a gap of k frame-times means k − 1 frames were not drawn. */
async function watchFrames(page: Page): Promise<void> {
  await page.evaluate((frameMs) => {
    const win = globalThis as unknown as BenchWindow;
    const gaps: number[] = [];
    let longTasks = 0;
    let longTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTasks++;
        longTaskMs += entry.duration;
      }
    }).observe({ type: 'longtask' as 'mark' });
    let last = performance.now();
    const tick = (now: number): void => {
      gaps.push(now - last);
      last = now;
      win.requestAnimationFrame(tick);
    };
    win.requestAnimationFrame(tick);
    win.__benchTiming = () => {
      const total = gaps.reduce((s, g) => s + g, 0);
      return {
        intervals: gaps.length,
        fps: (gaps.length * 1000) / total,
        dropped: gaps.reduce((s, g) => s + Math.max(0, Math.round(g / frameMs) - 1), 0),
        longTasks,
        longTaskMs,
        worstGapMs: Math.max(...gaps),
      };
    };
  }, FRAME_MS);
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

describe('live chart rendering in Chromium', () => {
  let server: Harness;
  let browser: Browser;
  const results: Record<string, unknown> = {};

  beforeAll(async () => {
    ensureUiBuilt();
    mkdirSync(`${repoRoot}test-results`, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    writeFileSync(
      `${repoRoot}test-results/ui-rendering.json`,
      `${JSON.stringify(results, null, 2)}\n`,
    );
    console.log('UI rendering:', JSON.stringify(results, null, 2));
  });

  it('draws 13 live series at 4 frames/s within one animation frame, without dropping frames, in flat memory', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${server.url}/scenarios/cache-aside?durationSec=300`);
    await page.click('[data-action="start"]');
    await page.waitForURL(/run=/);
    const runId = new URL(page.url()).searchParams.get('run') ?? '';
    await until(
      'the charts to fill',
      () => chartPoints(page, 'traffic'),
      (n) => n >= 8,
      15_000,
    );
    const series = await page.$$eval('[data-chart]', (charts) =>
      charts.reduce((s, c) => s + Number(c.getAttribute('data-series')), 0),
    );
    expect(series).toBeGreaterThanOrEqual(10);

    // Live: real frames from the run, measured with the page's own clocks…
    await page.evaluate(() =>
      (globalThis as unknown as BenchWindow).__playgroundRenderStats?.reset(),
    );
    await watchFrames(page);
    await page.waitForTimeout(MEASURE_MS);
    const timing = await page.evaluate(() =>
      (globalThis as unknown as BenchWindow).__benchTiming?.(),
    );
    const render = await page.evaluate(() =>
      (globalThis as unknown as BenchWindow).__playgroundRenderStats?.summary(),
    );

    // …and with the Chromium trace (which costs some frames of its own while it records).
    await browser.startTracing(page, {
      categories: ['disabled-by-default-devtools.timeline.frame', 'benchmark'],
    });
    await page.waitForTimeout(TRACE_MS);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: { name: string; ph: string; args?: Record<string, unknown> }[];
    };
    writeFileSync(`${repoRoot}test-results/ui-trace.json`, JSON.stringify(trace));
    const frameStates: Record<string, number> = {};
    for (const e of trace.traceEvents) {
      if (e.name !== 'PipelineReporter' || e.ph !== 'b') continue;
      const reporter = e.args?.frame_reporter as
        { state?: string; frame_type?: string } | undefined;
      if (reporter?.frame_type === 'FORKED') continue;
      const state = (reporter?.state ?? 'unknown').replace(/^STATE_/, '').toLowerCase();
      frameStates[state] = (frameStates[state] ?? 0) + 1;
    }
    results.live = {
      seconds: MEASURE_MS / 1000,
      series,
      charts: await page.$$eval('[data-chart]', (c) => c.length),
      frameToDomMs: render,
      animationFrames: timing,
      chromiumTrace: {
        seconds: TRACE_MS / 1000,
        frames: frameStates,
        dropped: frameStates.dropped ?? 0,
        droppedFrameEvents: trace.traceEvents.filter((e) => e.name === 'DroppedFrame').length,
      },
    };
    await screenshot(page, 'rendering-live');
    expect(render?.frames).toBeGreaterThanOrEqual((MEASURE_MS / 1000) * 3);
    // A frame reaches the chart's DOM in the animation frame after it arrives.
    expect(render?.p50).toBeLessThan(FRAME_MS + 8);
    expect(render?.p95).toBeLessThan(2 * FRAME_MS + 8);
    // Hardly a frame dropped (a noisy CI neighbour may cost a few; the bench records how many).
    expect(timing?.dropped ?? Infinity).toBeLessThan(0.03 * (timing?.intervals ?? 0));
    expect(timing?.longTasks).toBe(0);

    // An hour at 4 frames/s, fed to the page as fast as the socket takes it: the window stays
    // bounded and so does the heap.
    const last = server.app.runs.get(runId)?.frames.at(-1);
    expect(last).toBeDefined();
    const room = server.app.io.to(`run:${runId}`);
    let t = (last?.t ?? 0) + 60_000;
    const feed = async (count: number): Promise<void> => {
      for (let sent = 0; sent < count; sent += 200) {
        for (let i = 0; i < 200; i++) {
          t += 250;
          const values: Record<string, number> = {};
          for (const [k, v] of Object.entries(last?.values ?? {}))
            values[k] = v * (0.9 + Math.random() * 0.2);
          room.emit('run:frame', { runId, t, values });
        }
        await new Promise((r) => setTimeout(r, 60));
      }
    };
    const before = await heapMb(page);
    await feed(3600);
    await page.waitForTimeout(500);
    const afterQuarter = await heapMb(page);
    await feed(10_800);
    await page.waitForTimeout(500);
    const afterHour = await heapMb(page);
    const points = await chartPoints(page, 'traffic');
    results.memory = {
      framesFed: 14_400,
      pointsDrawnPerSeries: points,
      heapMb: {
        before: round(before),
        after15min: round(afterQuarter),
        after60min: round(afterHour),
      },
    };
    expect(points).toBeLessThanOrEqual(480);
    expect(afterHour - before).toBeLessThan(20);
    expect(afterHour - afterQuarter).toBeLessThan(8);

    await fetch(`${server.url}/api/runs/${runId}/stop`, { method: 'POST' });
  });
});

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
