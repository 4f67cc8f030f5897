// A run outlives its server and its brokers: exported from the Runs page, still listed by a new
// server on the same state directory, imported there as a recording and replayed through the
// charts while every broker address points at a closed port.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectGoneFromBrokers } from '@playground/scenarios/testing';
import { until } from '../../playground-server/test/app-harness.ts';
import { UNREACHABLE_BROKERS, startServerOn } from '../../playground-server/test/state-harness.ts';
import type { StateServer } from '../../playground-server/test/state-harness.ts';
import type { RunExport, RunView } from '../../playground-server/src/routes/schemas.ts';
import { chartPoints, ensureUiBuilt, launchBrowser, openPage, screenshot } from './browser.ts';
import type { BrowserPage } from './browser.ts';

describe('a recording, replayed with no broker', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'playground-recording-'));
  let server: StateServer | undefined;
  let browser: Browser;
  let tab: BrowserPage;

  beforeAll(async () => {
    ensureUiBuilt();
    browser = await launchBrowser();
    tab = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  let run: RunView;
  let exportPath: string;

  it('exports a finished run from the Runs page', async () => {
    server = await startServerOn(stateDir);
    const started = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'cache-aside',
        params: { readsPerSec: 200 },
        durationSec: 2,
      }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as RunView;
    const url = server.url;
    run = await until(
      'the run to end',
      async () => (await (await fetch(`${url}/api/runs/${id}`)).json()) as RunView,
      (r) => r.state !== 'running',
      10_000,
    );
    expect(run.state).toBe('completed');

    const { page } = tab;
    await page.goto(`${server.url}/runs`);
    await page.waitForSelector(`tr[data-run="${run.id}"] [data-action="export"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`tr[data-run="${run.id}"] [data-action="export"]`),
    ]);
    exportPath = (await download.path()) ?? '';
    const file = JSON.parse(readFileSync(exportPath, 'utf8')) as RunExport;
    expect(file).toMatchObject({
      format: 'playground-run',
      version: 1,
      run: { id: run.id, paramsAtStart: { readsPerSec: 200 } },
    });
    expect(file.frames.length).toBeGreaterThan(4);
    await expectGoneFromBrokers(run);
    // Off the page before its server goes: a closing Fastify answers 503, then nothing, and the
    // page's socket would log both while it retries.
    await page.goto('about:blank');
    await server.close();
    server = undefined;
  });

  it('imports it into a restarted server whose brokers are unreachable, and replays it', async () => {
    server = await startServerOn(stateDir, UNREACHABLE_BROKERS);
    expect(server.app.redis.monitor.health.ok).toBe(false);
    expect(server.app.rabbitmq.monitor.health.ok).toBe(false);
    const { page } = tab;
    await page.goto(`${server.url}/runs`);
    // Kept across the restart.
    await page.waitForSelector(`tr[data-run="${run.id}"]`);

    await page.setInputFiles('[data-testid="import-run"]', exportPath);
    await page.waitForURL(/replay=/);
    const replayId = new URL(page.url()).searchParams.get('replay');
    expect(replayId).not.toBe(run.id);
    await page.waitForSelector('[data-testid="recording-label"]');
    await expect(page.textContent('[data-testid="recording-label"]')).resolves.toContain(
      'Recording — not live',
    );
    await page.click('.replay-speeds >> text=16×');
    const frames = JSON.parse(readFileSync(exportPath, 'utf8')) as RunExport;
    const drawn = await until(
      'the replay to draw every frame',
      () => chartPoints(page, 'traffic'),
      (n) => n === frames.frames.length,
      10_000,
    );
    expect(drawn).toBe(frames.frames.length);
    // Over: drawn whole with recharts, the results and the comparison below.
    await page.waitForSelector(
      '[data-chart="traffic"][data-renderer="recharts"] path.recharts-line-curve',
    );
    await page.waitForSelector('.results [data-check]');
    await screenshot(page, 'recording-replay', true);

    // The recording overlaid with the run it came from.
    await page.selectOption('.compare select', run.id);
    await page.waitForSelector('[data-overlay="true"] path.recharts-line-curve');

    await page.goto(`${server.url}/runs`);
    await page.waitForSelector(`tr[data-run="${replayId}"][data-recording="true"]`);
    expect(tab.errors).toEqual([]);
  });
});
