// The lesson acting on the run, in Chromium against a real server and Redis: a try-this button
// fills the form before a run and changes a live param during one, a predict-first answer stays
// hidden until the run has ended, and the claims' badges follow the run's checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, until } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
import { ensureUiBuilt, launchBrowser, openPage, screenshot } from './browser.ts';

interface RunJson {
  state: string;
  params: Record<string, unknown>;
  checks: { id: string; status: string }[];
}

const ANSWER = '.lesson blockquote.predict .predict-answer';
const button = (href: string): string => `.lesson button[data-try="${href}"]`;
/** The confirmation beside an action's button. */
const done = (href: string): string =>
  `.lesson-action:has(> button[data-try="${href}"]) .lesson-action-done`;

describe('a lesson that acts, in Chromium', () => {
  let server: Harness;
  let browser: Browser;

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const getRun = async (id: string): Promise<RunJson> =>
    (await (await fetch(`${server.url}/api/runs/${id}`)).json()) as RunJson;

  it('sets params before the run, changes a live one during it, and answers after it', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/scenarios/cache-aside?durationSec=6`);
    await page.waitForSelector(button('try:ttlSec=2'));

    // Before any run: the answer is held back and every claim is pending.
    await page.waitForSelector(`${ANSWER}[data-revealed="false"]`);
    expect(await page.textContent('.lesson blockquote.predict')).not.toContain('hit ratio drops');
    const pending = await page.$$eval('.lesson .check-claim', (claims) =>
      claims.map((c) => c.getAttribute('data-status')),
    );
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(new Set(pending)).toEqual(new Set(['pending']));

    // A param that is not live, before the run: the button fills the form, and Start uses it.
    await page.click(button('try:concurrency=8'));
    // The form's values live in the URL: the field shows the new value at React's next render.
    await until(
      'the field to read 8',
      () => page.inputValue('#param-concurrency'),
      (v) => v === '8',
      5000,
    );
    await expect(page.textContent(done('try:concurrency=8'))).resolves.toBe(
      'Set in the params: concurrency = 8.',
    );
    await page.click('[data-action="start"]');
    await page.waitForURL(/run=[a-z0-9]+/);
    const runId = new URL(page.url()).searchParams.get('run') ?? '';
    await page.waitForSelector('.run-progress[data-state="running"]');
    expect((await getRun(runId)).params.concurrency).toBe(8);

    // During the run a non-live param's button says it waits for the next run.
    await expect(page.getAttribute(button('try:keys=100000'), 'aria-label')).resolves.toContain(
      'applies to the next run',
    );

    // A live param, from the keyboard: the run's own params change and the page confirms it.
    const ttl = button('try:ttlSec=2');
    await expect(page.getAttribute(ttl, 'aria-label')).resolves.toBe(
      'Try: ttlSec = 2 (changes the running run now)',
    );
    await page.focus(ttl);
    await page.keyboard.press('Enter');
    const changed = await until(
      'the server to apply ttlSec 2',
      () => getRun(runId),
      (r) => r.params.ttlSec === 2,
      5000,
    );
    expect(changed.state).toBe('running');
    await expect(
      page
        .waitForSelector(`${done('try:ttlSec=2')}:has-text("ttlSec = 2")`)
        .then((e) => e.textContent()),
    ).resolves.toBe('Applied to the run: ttlSec = 2.');
    await until(
      'the field to read 2',
      () => page.inputValue('[data-field="ttlSec"] input[type="number"]'),
      (v) => v === '2',
      5000,
    );
    // Still running: still no answer.
    expect(await page.getAttribute(ANSWER, 'data-revealed')).toBe('false');
    await screenshot(page, 'lesson-actions-running', true);

    // The run ends: the answer shows, and each claim's badge is its check's outcome.
    await page.waitForSelector(`${ANSWER}[data-revealed="true"]`, { timeout: 25_000 });
    await expect(page.textContent(ANSWER)).resolves.toContain('The hit ratio drops');
    const ended = await getRun(runId);
    expect(ended.state).toBe('completed');
    const claims = await page.$$eval('.lesson .check-claim', (items) =>
      items.map((c) => [c.getAttribute('data-check'), c.getAttribute('data-status')]),
    );
    const outcome = new Map(ended.checks.map((c) => [c.id, c.status]));
    for (const [id, status] of claims) expect(status, `${id}`).toBe(outcome.get(id ?? ''));
    await screenshot(page, 'lesson-actions-ended', true);
    expect(errors).toEqual([]);
  });

  it('reveals an answer early on request', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/scenarios/rate-limiting`);
    await page.waitForSelector(`${ANSWER}[data-revealed="false"]`);
    await page.click(`${ANSWER} button`);
    await page.waitForSelector(`${ANSWER}[data-revealed="true"]`);
    await expect(page.textContent(ANSWER)).resolves.toContain('Fixed window lets');
    expect(errors).toEqual([]);
  });
});
