// The dashboard in a real browser against a real server and real brokers: the catalogue, the
// cache-aside scenario from start to summary, live params, downloads, runs and infrastructure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { until } from '../../playground-server/test/app-harness.ts';
import { browserSuite, chartPoints, screenshot } from './browser.ts';

interface RunJson {
  id: string;
  state: string;
  params: Record<string, unknown>;
}

describe('the dashboard in Chromium', () => {
  const suite = browserSuite({ width: 1440, height: 1000 });
  const { api } = suite;

  it('shows the catalogue: every scenario as a card, searchable and filterable', async () => {
    const { page } = suite.tab;
    await page.goto(suite.server.url);
    await page.waitForSelector('[data-scenario="cache-aside"]');
    const ids = await page.$$eval('[data-scenario]', (cards) =>
      cards.map((c) => c.getAttribute('data-scenario')),
    );
    expect(ids).toEqual(
      expect.arrayContaining(['cache-aside', 'rate-limiting', 'fanout', 'consumer-group-lag']),
    );
    await expect(page.textContent('.connection')).resolves.toContain('Live');
    await screenshot(page, 'catalogue', true);

    // Every word must match: two words narrow the catalogue to the one scenario with both.
    await page.fill('input[type="search"]', 'cache zipf');
    await until(
      'the search to filter',
      () => page.$$eval('[data-scenario]', (c) => c.map((x) => x.getAttribute('data-scenario'))),
      (ids) => ids.length === 1 && ids[0] === 'cache-aside',
      5000,
    );
    await page.fill('input[type="search"]', '');
    // Cleared, the whole catalogue is back before the broker filter narrows it.
    await until(
      'the search to clear',
      () => page.$$eval('[data-scenario]', (c) => c.length),
      (n) => n === ids.length,
      5000,
    );
    await page.click('button.chip-kafka');
    // The filter lives in the URL: the list redraws on the next render, not at the click.
    await page.waitForURL(/broker=kafka/);
    const kafkaOnly = await until(
      'the broker filter to apply',
      () => page.$$eval('[data-scenario]', (c) => c.map((x) => x.getAttribute('data-scenario'))),
      (ids) => ids.length > 0 && !ids.includes('cache-aside'),
      5000,
    );
    expect(kafkaOnly).toContain('consumer-group-lag');
    expect(kafkaOnly).not.toContain('cache-aside');
    expect(page.url()).toContain('broker=kafka');
  });

  it('refuses a bad param value before sending, and shows a server error next to its field', async () => {
    const { page } = suite.tab;
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/runs')) posts.push(r.url());
    });
    await page.goto(`${suite.server.url}/scenarios/cache-aside`);
    await page.waitForSelector('#param-ttlSec');
    await page.fill('#param-ttlSec', '0');
    await expect(page.textContent('[data-field="ttlSec"] .field-error')).resolves.toContain(
      'params.ttlSec must be >= 1',
    );
    expect(await page.getAttribute('#param-ttlSec', 'aria-invalid')).toBe('true');
    await page.click('[data-action="start"]');
    await page.waitForTimeout(300);
    expect(posts).toEqual([]);
    // The bad value is in the URL too: the page is shareable as it is.
    expect(page.url()).toContain('ttlSec=0');
    await screenshot(page, 'bad-param');

    // A refusal only the server can make (here: stood in for by a routed 400) lands by its field.
    await page.fill('#param-ttlSec', '10');
    await page.route('**/api/runs', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 400,
          error: 'Bad Request',
          message: 'params.keys must be <= 100000 (got 100000)',
          errors: [
            {
              field: 'params.keys',
              message: 'params.keys is too many for this server',
              bound: 100000,
            },
          ],
        }),
      }),
    );
    await page.click('[data-action="start"]');
    await expect(
      page
        .waitForSelector('[data-field="keys"] .field-error', { timeout: 5000 })
        .then((e) => e.textContent()),
    ).resolves.toBe('params.keys is too many for this server');
    await page.unroute('**/api/runs');
    // The browser logs the (deliberate) 400; it is not an error of the page.
    suite.tab.errors.splice(
      0,
      suite.tab.errors.length,
      ...suite.tab.errors.filter((e) => !e.includes('status of 400')),
    );
  });

  let runId = '';

  it('starts cache-aside, fills its charts live, and follows a live slider', async () => {
    const { page } = suite.tab;
    await page.goto(`${suite.server.url}/scenarios/cache-aside?durationSec=60`);
    await page.click('[data-action="start"]');
    await page.waitForURL(/run=[a-z0-9]+/);
    runId = new URL(page.url()).searchParams.get('run') ?? '';
    expect(runId).toMatch(/^[a-z0-9]{6,16}$/);
    await page.waitForSelector('[data-state="running"]');

    // The charts fill: the number of frames drawn grows, and the lines have real paths.
    const first = await until(
      'the traffic chart to draw',
      () => chartPoints(page, 'traffic'),
      (n) => n >= 4,
      10_000,
    );
    const later = await until(
      'more points',
      () => chartPoints(page, 'traffic'),
      (n) => n >= first + 4,
      10_000,
    );
    expect(later).toBeGreaterThan(first);
    const paths = await page.$$eval('[data-chart="traffic"] .live-plot path.line', (ps) =>
      ps.map((p) => (p.getAttribute('d') ?? '').length),
    );
    expect(paths.length).toBe(3);
    for (const length of paths) expect(length).toBeGreaterThan(20);
    // Latency is drawn as p50 lines with a p50–p99 band.
    expect(await page.$$eval('[data-chart="latency"] .live-plot path.band', (a) => a.length)).toBe(
      3,
    );
    // Screen readers hear the latest values.
    const label =
      (await page.getAttribute('[data-chart="traffic"] [role="img"]', 'aria-label')) ?? '';
    expect(label).toMatch(/Requests [\d.,k]+ reads\/s/);
    // The topology carries live numbers.
    await until(
      'a live rate on the topology',
      async () => (await page.textContent('.edge-label[data-metric="requests.rate"]')) ?? '',
      (text) => /\d/.test(text),
      5000,
    );

    // Move the reads-per-second slider with the keyboard; the run's params change on the server.
    await page.focus('#live-readsPerSec');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    const shown = Number(await page.inputValue('[data-field="readsPerSec"] input[type="number"]'));
    expect(shown).toBeGreaterThan(500);
    const run = await until(
      'the server to apply the new rate',
      () => api<RunJson>(`/api/runs/${runId}`),
      (r) => r.params.readsPerSec === shown,
      5000,
    );
    expect(run.state).toBe('running');
    await page.waitForSelector('[data-field="readsPerSec"] .apply-state.applied');
    await page.waitForTimeout(2500);
    await screenshot(page, 'cache-aside-running', true);
  });

  it('stops the run and shows the summary and each check', async () => {
    const { page } = suite.tab;
    await page.click('[data-action="stop"]');
    await page.waitForSelector('.results', { timeout: 20_000 });
    const checks = await page.$$eval('.results [data-check]', (items) =>
      items.map((i) => ({
        id: i.getAttribute('data-check'),
        passed: i.getAttribute('data-passed'),
      })),
    );
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(['true', 'false']).toContain(c.passed);
    const fromApi = await api<{ state: string; checks: { id: string; passed: boolean }[] }>(
      `/api/runs/${runId}`,
    );
    expect(fromApi.state).toBe('stopped');
    expect(checks).toEqual(fromApi.checks.map((c) => ({ id: c.id, passed: String(c.passed) })));
    await expect(page.textContent('.results .checks-score')).resolves.toMatch(
      /\d+ of \d+ checks passed/,
    );
    await expect(page.textContent('.results [data-key="requests"] dd')).resolves.toMatch(/\d/);
    await page.waitForSelector('.run-progress[data-state="stopped"]');
    await screenshot(page, 'cache-aside-results', true);
  });

  it("downloads the run's frames as CSV", async () => {
    const { page } = suite.tab;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('text=Download CSV'),
    ]);
    expect(download.suggestedFilename()).toBe(`cache-aside-${runId}.csv`);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header?.split(',')).toEqual(
      expect.arrayContaining(['t', 'requests', 'hits', 'misses', 'hitRatio']),
    );
    expect(rows.length).toBeGreaterThan(8);
  });

  it('lists the run on the Runs page and opens it again with its charts', async () => {
    const { page } = suite.tab;
    await page.click('nav >> text=Runs');
    await page.waitForSelector(`tr[data-run="${runId}"]`);
    await expect(page.textContent(`tr[data-run="${runId}"] [data-state]`)).resolves.toBe('stopped');
    await screenshot(page, 'runs');
    await page.click(`tr[data-run="${runId}"] a`);
    await page.waitForURL(new RegExp(`run=${runId}`));
    const points = await until(
      'the recorded frames',
      () => chartPoints(page, 'traffic'),
      (n) => n > 8,
      10_000,
    );
    expect(points).toBeGreaterThan(8);
    // A finished run is drawn by recharts, its lines as recharts curves.
    await page.waitForSelector(
      '[data-chart="traffic"][data-renderer="recharts"] path.recharts-line-curve',
    );
    await page.waitForSelector('.results [data-check]');
  });

  it("shows each broker's health and the resources a live run holds, with the commands to see them", async () => {
    const { page } = suite.tab;
    const started = await fetch(`${suite.server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'fanout',
        params: { subscribers: 3, messagesPerSec: 50 },
        durationSec: 30,
      }),
    });
    expect(started.status).toBe(201);
    const fanout = (await started.json()) as RunJson;
    try {
      await page.click('nav >> text=Infrastructure');
      await page.waitForSelector('[data-broker="redis"][data-ok="true"]');
      for (const broker of ['redis', 'rabbitmq', 'kafka']) {
        const text = (await page.textContent(`[data-broker="${broker}"]`)) ?? '';
        expect(text).toMatch(/\d+\.\d+/); // a version
        expect(text).toMatch(/\d+\.\d\d ms/); // a latency
      }
      await page.waitForSelector(
        `.run-resources[data-run="${fanout.id}"] code:has-text("rabbitmqctl list_queues")`,
        {
          timeout: 10_000,
        },
      );
      const commands = await page.$$eval(`.run-resources[data-run="${fanout.id}"] code`, (c) =>
        c.map((x) => x.textContent),
      );
      // A RabbitMQ run gets RabbitMQ's tools only: a Redis key scan would list nothing.
      expect(commands.some((c) => c?.startsWith('redis-cli'))).toBe(false);
      expect(commands.some((c) => c?.startsWith('rabbitmqadmin list queues'))).toBe(true);
      expect(commands.some((c) => c?.includes(`grep -F 'pg:${fanout.id}:`))).toBe(true);
      const copies = await page.$$(`.run-resources[data-run="${fanout.id}"] .copy-button`);
      expect(copies.length).toBe(commands.length);
      expect(await page.getAttribute(`.run-resources[data-run="${fanout.id}"] h3 a`, 'href')).toBe(
        `/scenarios/fanout?run=${fanout.id}`,
      );
      await screenshot(page, 'infrastructure', true);
    } finally {
      await fetch(`${suite.server.url}/api/runs/${fanout.id}/stop`, { method: 'POST' });
    }
  });

  it("reports the UI's own errors and vitals through Faro, counted in /metrics and shown on the page", async () => {
    const { page } = suite.tab;
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('browser-test: deliberate front-end error');
      });
    });
    const metrics = await until(
      'the telemetry to be counted',
      async () => (await fetch(`${suite.server.url}/metrics`)).text(),
      (text) => /playground_ui_telemetry_total\{kind="exception"\} [1-9]/.test(text),
      15_000,
    );
    expect(metrics).toMatch(/playground_ui_telemetry_total\{kind="event"\} [1-9]/);
    suite.tab.errors.splice(
      0,
      suite.tab.errors.length,
      ...suite.tab.errors.filter((e) => !e.includes('deliberate')),
    );
    await page.reload();
    await page.waitForSelector('.telemetry .errors li');
    await expect(page.textContent('.telemetry .errors')).resolves.toContain(
      'deliberate front-end error',
    );
    // Web vitals arrive as the browser measures them (FCP/TTFB on load, the rest when hidden).
    await until(
      'web vitals',
      () => api<{ vitals: { name: string }[] }>('/api/telemetry/latest'),
      (t) => t.vitals.some((v) => v.name === 'ttfb' || v.name === 'fcp'),
      15_000,
    );
  });

  it('has a presenter mode and a dark theme, reachable by keyboard', async () => {
    const { page } = suite.tab;
    await page.goto(`${suite.server.url}/scenarios/fanout`);
    await page.waitForSelector('.lesson');
    await page.focus('.toggle-button');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('html', 'data-presenter')).toBe('on');
    // Presenter mode keeps what a trainer shows: the params, topology and event log.
    expect(await page.$('.params-form')).not.toBeNull();
    expect(await page.isVisible('.topology-card')).toBe(true);
    await page.click('[aria-label^="Switch to dark"]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await screenshot(page, 'presenter-dark');
    await page.click('.toggle-button');
    await page.click('[aria-label^="Switch to light"]');
    expect(await page.getAttribute('html', 'data-presenter')).toBeNull();
  });

  it('logged no errors in the page', () => {
    expect(suite.tab.errors).toEqual([]);
  });
});
