// The playground on a 390 × 844 phone: nothing scrolls sideways, the header's tools stay on
// screen, a scenario's controls come before its folded lesson, and a wide topology can be panned.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import { ensureUiBuilt, launchBrowser, openPage, repoRoot } from './browser.ts';
import type { BrowserPage } from './browser.ts';

// Evaluated in the page (this tsconfig has no DOM library, so as a string).
const sideways = (page: Page): Promise<{ scroll: number; inner: number }> =>
  page.evaluate('({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth })');

/** The path's cards in order, once they are `expected` (the URL changes before the render). */
const cardsShown = (page: Page, what: string, expected: string[]): Promise<(string | null)[]> =>
  until(
    what,
    () =>
      page.$$eval('.path-cards [data-scenario]', (cards) =>
        cards.map((c) => c.getAttribute('data-scenario')),
      ),
    (shown) => JSON.stringify(shown) === JSON.stringify(expected),
    5000,
  );

describe('on a phone', () => {
  let server: Harness;
  let browser: Browser;
  let phone: BrowserPage;

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer();
    browser = await launchBrowser();
    phone = await openPage(browser, { width: 390, height: 844 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the catalogue with paths and filters and no sideways scroll', async () => {
    const { page } = phone;
    await page.goto(server.url);
    await page.waitForSelector('[data-scenario="cache-aside"] .watch');
    await page.waitForSelector('[data-path="messaging-patterns"]');
    const { scroll, inner } = await sideways(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    for (const tool of ['.topbar-tools button[aria-pressed]', '.topbar-tools .icon-button']) {
      const box = await page.locator(tool).boundingBox();
      expect(box, tool).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), tool).toBeLessThanOrEqual(inner);
    }
    mkdirSync(`${repoRoot}docs/screenshots`, { recursive: true });
    await page.screenshot({ path: `${repoRoot}docs/screenshots/phone-catalogue.png` });

    // A path lists its scenarios in order, and the filter is in the link.
    await page.click('[data-path="messaging-patterns"]');
    await page.waitForURL((url) => url.searchParams.get('path') === 'messaging-patterns');
    const paths = (await (await fetch(`${server.url}/api/paths`)).json()) as {
      id: string;
      scenarios: string[];
    }[];
    const inPath = paths.find((p) => p.id === 'messaging-patterns')?.scenarios ?? [];
    expect(inPath[0]).toBe('hello-queue');
    // The URL changes first; the path's cards follow on the next render.
    const order = await cardsShown(page, "the path's cards", inPath);
    expect(order).toEqual(inPath);
    // Filters combine: the path's beginner scenarios, still in the path's order.
    const levels = new Map(
      (
        (await (await fetch(`${server.url}/api/scenarios`)).json()) as {
          id: string;
          level: string;
        }[]
      ).map((s) => [s.id, s.level]),
    );
    await page.selectOption('select >> nth=0', 'beginner');
    await page.waitForURL((url) => url.searchParams.get('level') === 'beginner');
    // The URL changes first; the cards follow on the next render.
    const expected = inPath.filter((id) => levels.get(id) === 'beginner');
    const beginners = await cardsShown(page, 'the cards filtered to beginners', expected);
    expect(beginners).toEqual(expected);
    expect(beginners.length).toBeLessThan(inPath.length);
  });

  it('puts the controls before a folded lesson, and lets a wide topology be panned', async () => {
    const { page, errors } = phone;
    await page.goto(`${server.url}/scenarios/rate-limiting`);
    await page.waitForSelector('[data-action="start"]');
    const start = await page.locator('[data-action="start"]').boundingBox();
    const lesson = await page.locator('.lesson-col').boundingBox();
    expect(start!.y).toBeLessThan(lesson!.y);
    expect(await page.getAttribute('.lesson-details', 'open')).toBeNull();
    await page.click('.lesson-summary');
    expect(await page.getAttribute('.lesson-details', 'open')).not.toBeNull();
    await page.waitForSelector('.topology .react-flow__controls');
    const { scroll, inner } = await sideways(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    expect(errors).toEqual([]);
  });
});
