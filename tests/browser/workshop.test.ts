// A workshop in two browsers: the trainer's screen starts a lesson plan and leads; a learner's
// screen, following by default, goes to the same scenario, step and run. The presenter view keeps
// the live sliders, topology, event log and results at projector size, and keyboard users keep
// their place: an integer slider steps by 1, and focus moves between Start and Stop.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import { ensureUiBuilt, launchBrowser, openPage, repoRoot } from './browser.ts';
import type { BrowserPage } from './browser.ts';

const docsShots = `${repoRoot}docs/screenshots`;
const path = (page: Page): string => new URL(page.url()).pathname;
const query = (page: Page, name: string): string | null =>
  new URL(page.url()).searchParams.get(name);
// Evaluated in the page (this tsconfig has no DOM library, so as strings).
const focused = (page: Page): Promise<string | undefined> =>
  page.evaluate('document.activeElement?.dataset.action');
const SMALLEST_CHART_TEXT = `Math.min(...[...document.querySelectorAll('.chart-grid *')]
  .filter((e) => (e.textContent ?? '').trim() !== '' && e.getClientRects().length > 0)
  .map((e) => parseFloat(getComputedStyle(e).fontSize)))`;

describe('a workshop: the presenter leads, a learner follows', () => {
  let server: Harness;
  let browser: Browser;
  let trainer: BrowserPage;
  let learner: BrowserPage;

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer();
    browser = await launchBrowser();
    trainer = await openPage(browser, { width: 1920, height: 1080 });
    learner = await openPage(browser, { width: 1280, height: 900 });
  });
  afterAll(async () => {
    await fetch(`${server.url}/api/workshop`, { method: 'DELETE' }).catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('sends a following learner to the scenario, step and run the presenter is on', async () => {
    const { page } = trainer;
    await page.goto(`${server.url}/workshop`);
    await page.click('[data-workshop="messaging-patterns"] [data-action="start-workshop"]');
    await page.waitForURL((url) => url.pathname === '/scenarios/hello-queue');
    await page.waitForSelector('.workshop-bar [data-testid="workshop-question"]');

    // The learner opens the catalogue; following is on by default, so it goes where the room is.
    const other = learner.page;
    await other.goto(server.url);
    await other.waitForURL((url) => url.pathname === '/scenarios/hello-queue');
    expect(await other.isChecked('[data-testid="follow-toggle"]')).toBe(true);

    await page.click('text=Next step →');
    await page.waitForURL((url) => url.pathname === '/scenarios/fanout');
    // The step's preset params came with it, on both screens.
    expect(query(page, 'slowSubscriberDelayMs')).toBe('50');
    await other.waitForURL((url) => url.pathname === '/scenarios/fanout');
    expect(query(other, 'slowSubscriberDelayMs')).toBe('50');
    await expect(other.textContent('[data-testid="workshop-question"]')).resolves.toContain(
      'slow queue',
    );

    // A run the presenter starts is the run the learner watches.
    await page.locator('html').evaluate(() => undefined);
    await page.click('.topbar-tools button[aria-pressed]'); // presenter mode on
    expect(await page.getAttribute('html', 'data-presenter')).toBe('on');
    await page.click('[data-action="start"]');
    await page.waitForSelector('[data-action="stop"]');
    await until(
      'focus to move to Stop',
      () => focused(page),
      (a) => a === 'stop',
      3000,
    );
    const runId = query(page, 'run');
    expect(runId).toMatch(/^[a-z0-9]{6,16}$/);
    await other.waitForURL((url) => url.searchParams.get('run') === runId, { timeout: 5000 });
  });

  it('keeps sliders, topology, event log and results in presenter view, chart text 16 px or more', async () => {
    const { page, errors } = trainer;
    for (const part of ['.live-controls', '.topology-card', '.events-card', '.chart-grid'])
      expect(await page.isVisible(part), part).toBe(true);

    // ArrowUp on an integer param moves it by exactly 1, and the run takes the change.
    const slider = '#live-slowSubscriberDelayMs';
    await page.focus(slider);
    await page.keyboard.press('ArrowUp');
    const box = '[data-field="slowSubscriberDelayMs"] input[type="number"]';
    await until(
      'the number to read 51',
      () => page.inputValue(box),
      (v) => v === '51',
      2000,
    );
    const runId = query(page, 'run');
    await until(
      'the run to take 51',
      async () =>
        (
          (await (await fetch(`${server.url}/api/runs/${runId}`)).json()) as {
            params: Record<string, number>;
          }
        ).params.slowSubscriberDelayMs,
      (v) => v === 51,
      3000,
    );

    await page.waitForSelector('.chart-grid text');
    const smallest = await page.evaluate<number>(SMALLEST_CHART_TEXT);
    expect(smallest).toBeGreaterThanOrEqual(16);
    mkdirSync(docsShots, { recursive: true });
    await page.screenshot({ path: `${docsShots}/presenter-view.png` });

    // Stop: focus comes back to Start once the run has ended, and the results stay on screen.
    await page.click('[data-action="stop"]');
    await page.waitForSelector('[data-action="start"]', { timeout: 10_000 });
    await until(
      'focus to move to Start',
      () => focused(page),
      (a) => a === 'start',
      3000,
    );
    await page.waitForSelector('.results');
    expect(path(page)).toBe('/scenarios/fanout');
    expect(errors).toEqual([]);
    expect(learner.errors).toEqual([]);
  });

  it('leaves a learner who stops following where they are', async () => {
    const other = learner.page;
    await other.click('[data-testid="follow-toggle"]');
    expect(await other.isChecked('[data-testid="follow-toggle"]')).toBe(false);
    await trainer.page.click('text=Next step →');
    await trainer.page.waitForURL((url) => url.pathname === '/scenarios/consumer-group-lag');
    // The presenter has moved on; give the learner's screen the time a follow takes, then look.
    await trainer.page.waitForTimeout(500);
    expect(path(other)).toBe('/scenarios/fanout');
  });
});
