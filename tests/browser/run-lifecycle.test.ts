// What a viewer sees around a run's end: the chart window sized by the server's tick, a failed
// read of the recorded frames shown with a retry, and cleanups still pending on Infrastructure.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import { ensureUiBuilt, launchBrowser, openPage } from './browser.ts';

describe('a run ending, in Chromium', () => {
  let server: Harness;
  let browser: Browser;

  beforeAll(async () => {
    ensureUiBuilt();
    // A tick of 100 ms: two minutes of live chart are 1200 frames, not the 480 of 250 ms.
    server = await startServer({ TICK_MS: '100' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sizes the live window by the tick, and offers a retry when the recorded frames fail', async () => {
    const { page, errors } = await openPage(browser);
    let failedReads = 0;
    await page.route('**/api/runs/*/frames', async (route) => {
      if (failedReads > 0) return route.continue();
      failedReads++;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, error: 'Unavailable', message: 'injected' }),
      });
    });
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'cache-aside', durationSec: 3, params: {} }),
    });
    const { id, tickMs } = (await res.json()) as { id: string; tickMs: number };
    expect(tickMs).toBe(100);

    await page.goto(`${server.url}/scenarios/cache-aside?run=${id}`);
    // Until the run's record arrives the page knows no tick and sizes the window by the default
    // one; once it has the record, the window follows the server's 100 ms tick.
    await page.waitForSelector('.chart-grid[data-window-frames]');
    await until(
      "the live window sized by the run's tick",
      () => page.getAttribute('.chart-grid', 'data-window-frames'),
      (n) => n === '1200',
      5000,
    );

    // The run ends while watched; the page's read of the whole record is refused once.
    await page.waitForSelector('[data-testid="stream-error"]', { timeout: 10_000 });
    await expect(page.textContent('[data-testid="stream-error"]')).resolves.toMatch(
      /recorded frames: injected/,
    );
    await page.click('[data-testid="stream-error"] button');
    await page.waitForSelector('[data-testid="stream-error"]', { state: 'detached' });
    const recorded = (await (await fetch(`${server.url}/api/runs/${id}/frames`)).json()) as {
      frames: unknown[];
    };
    await until(
      'the chart to show the whole record',
      () => page.getAttribute('.chart-grid', 'data-frames'),
      (n) => Number(n) === recorded.frames.length,
      5000,
    );
    expect(await page.getAttribute('.chart-grid', 'data-window-frames')).toBeNull();
    expect(errors.filter((e) => !/503/.test(e))).toEqual([]);
  });

  it('lists what an ended run could not delete on the Infrastructure page', async () => {
    // What a server that died mid-cleanup leaves in the journal (its pid is long gone).
    const runId = 'gone1234ab';
    const dir = join(server.app.playground.stateDir, 'runs');
    mkdirSync(dir, { recursive: true });
    const resources = {
      redisKeyPrefix: `pg:${runId}:`,
      queues: [`pg:${runId}:work`],
      exchanges: [],
      topics: [],
      groups: [],
    };
    writeFileSync(
      join(dir, `${runId}.json`),
      JSON.stringify({
        runId,
        pid: 99_999_999,
        scenario: 'fanout',
        resources,
        cleanup: {
          attempts: 2,
          lastError: 'rabbitmq: connect ECONNREFUSED 127.0.0.1:5672',
          lastAttemptAt: new Date().toISOString(),
          brokers: ['rabbitmq'],
        },
      }),
    );
    const pending = (await (await fetch(`${server.url}/api/cleanups`)).json()) as unknown[];
    expect(pending).toEqual([expect.objectContaining({ runId, attempts: 2, resources })]);

    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/infrastructure`);
    const card = await page.waitForSelector(`[data-cleanup="${runId}"]`);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('2 attempts');
    expect(text).toContain('Retried when RabbitMQ is back');
    expect(text).toContain('rabbitmq: connect ECONNREFUSED');
    expect(text).toContain(`queue pg:${runId}:work`);
    expect(errors).toEqual([]);
  });
});
