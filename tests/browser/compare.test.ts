// The Compare page in a real browser, on a fake runner: a target that cannot run a workload is
// greyed with its reason, a comparison shows its progress and live charts while it runs, then
// the throughput bars, the percentile plots and what each target could not express; a second
// comparison shows its deltas against the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import { fakeRunner, startLabServer } from '../../playground-server/test/lab-harness.ts';
import { chartPoints, ensureUiBuilt, launchBrowser, openPage, screenshot } from './browser.ts';
import type { BrowserPage } from './browser.ts';

describe('compare page', () => {
  let server: Harness;
  let browser: Browser;
  let tab: BrowserPage;

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startLabServer(fakeRunner({ perTargetMs: 1_500 }));
    browser = await launchBrowser();
    tab = await openPage(browser, { width: 1440, height: 1400 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs a comparison and shows bars, percentile plots, the cannot notes and deltas', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/compare`);
    await page.waitForSelector('[data-testid="lab-form"] select[name="workload"]');

    // A backlog cannot be kept by pub/sub: greyed, unticked, with the reason.
    await page.selectOption('select[name="workload"]', 'backlog-drain');
    const pubsub = '.lab-target[data-target="redis-pubsub"]';
    await page.waitForSelector(`${pubsub}[data-unsupported="true"]`);
    expect(await page.isDisabled(`${pubsub} input[type="checkbox"]`)).toBe(true);
    expect(await page.textContent(`${pubsub} .lab-unsupported`)).toMatch(/backlog/);
    // A target this server has no implementation of is greyed too.
    expect(await page.isDisabled('.lab-target[data-target="rabbitmq-quorum"] input')).toBe(true);

    await page.selectOption('select[name="workload"]', 'fanout-8');
    await page.waitForSelector(`${pubsub}:not([data-unsupported])`);
    expect(await page.textContent('[data-testid="workload-fields"]')).toMatch(/subscriptions/);
    await page.check('.lab-target[data-target="redis-streams"] input');
    await page.check(`${pubsub} input`);
    await page.fill('input[name="durationSec"]', '2');
    await page.click('[data-testid="lab-form"] button[type="submit"]');

    // While it runs: the progress line and the live charts of the current target.
    await page.waitForSelector('[data-testid="lab-progress"]:has-text("Target 1 of 2")');
    await until(
      'live samples on the rate chart',
      () => chartPoints(page, 'live-rate'),
      (n) => n >= 3,
      5_000,
    );
    await page.waitForSelector('[data-testid="lab-progress"]:has-text("Target 2 of 2")', {
      timeout: 5_000,
    });
    await screenshot(page, 'compare-running');

    // At the end: two targets' publish and consume bars, one percentile line per target.
    await page.waitForSelector('[data-testid="lab-live"]', { state: 'detached', timeout: 6_000 });
    await page.waitForSelector('[data-chart="throughput"] .recharts-bar-rectangle');
    expect(await page.$$('[data-chart="throughput"] .recharts-bar-rectangle')).toHaveLength(4);
    await page.waitForSelector('[data-chart="latency-e2e"] .recharts-line-curve');
    expect(await page.$$('[data-chart="latency-e2e"] .recharts-line-curve')).toHaveLength(2);
    const xTicks = await page.$$eval(
      '[data-chart="latency-e2e"] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
      (ts) => ts.map((t) => t.textContent),
    );
    expect(xTicks).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
    expect(
      await page.textContent('[data-testid="lab-notes"] [data-target="redis-pubsub"] .lab-cannot'),
    ).toMatch(/pub\/sub keeps nothing/);
    // pub/s, con/s and MB/s as the runner reported them (20,000 msg/s of 256 B).
    const cells = await page.$$eval(
      '[data-testid="lab-numbers"] tr[data-target="redis-pubsub"] td',
      (tds) => tds.slice(0, 3).map((td) => td.textContent),
    );
    expect(cells).toEqual(['20K', '20K', '5.12']);
    await screenshot(page, 'compare-result', true);

    // A second comparison, then the first ticked to compare against: deltas per target.
    const first = await page.getAttribute('.lab-result', 'data-comparison');
    await page.fill('input[name="durationSec"]', '1');
    await page.click('[data-testid="lab-form"] button[type="submit"]');
    await page.waitForSelector(`.lab-result:not([data-comparison="${first}"])`, {
      timeout: 8_000,
    });
    // A click, not check(): the box is ticked once the URL holds it, a render later.
    await page.click(
      `[data-testid="lab-saved"] tr[data-comparison="${first}"] input[name="against"]`,
    );
    const deltas = await page.waitForSelector(
      `[data-testid="lab-deltas"] section[data-against="${first}"] li[data-target="redis-streams"]`,
    );
    expect(await deltas.textContent()).toMatch(/±0% pub\/s/);
    expect(page.url()).toContain(`vs=${first}`);
    expect(tab.errors).toEqual([]);
  }, 25_000);
});
