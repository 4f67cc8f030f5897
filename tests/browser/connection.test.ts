// The connection indicator: when the server goes away the page says so at once, and when it
// comes back (same address) the page recovers by itself, without a reload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../playground-server/src/app.ts';
import { loadConfig } from '../../playground-server/src/config.ts';
import { ensureUiBuilt, launchBrowser, openPage, screenshot } from './browser.ts';

async function serve(port: number, stateDir: string): Promise<FastifyInstance> {
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const app = await buildApp(config, { healthIntervalMs: 500, stateDir, logger: false });
  await app.listen({ host: '127.0.0.1', port });
  return app;
}

describe('the connection indicator', () => {
  let browser: Browser;
  let app: FastifyInstance | undefined;
  const stateDir = mkdtempSync(join(tmpdir(), 'playground-ui-conn-'));

  beforeAll(async () => {
    ensureUiBuilt();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('says at once when the server goes away and recovers when it returns, without a reload', async () => {
    app = await serve(0, stateDir);
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { page } = await openPage(browser);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('.connection[data-status="connected"]');
    await page.evaluate(() => {
      (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    const wentAway = Date.now();
    await app.close();
    app = undefined;
    await page.waitForSelector('.connection[data-status="offline"]', { timeout: 3000 });
    expect(Date.now() - wentAway).toBeLessThan(3000);
    await expect(page.textContent('.offline-banner')).resolves.toContain('reconnects by itself');
    await screenshot(page, 'offline');

    app = await serve(port, stateDir);
    await page.waitForSelector('.connection[data-status="connected"]', { timeout: 10_000 });
    expect(await page.$('.offline-banner')).toBeNull();
    // Same document: the page recovered on its own, and its data was read again.
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument,
      ),
    ).toBe(true);
    await page.waitForSelector('[data-scenario="cache-aside"]');
  });
});
