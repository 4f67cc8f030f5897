// Shared by the browser tests: Chromium (CHROME_PATH, or found on PATH) driven by playwright-core,
// the built UI (built here if the test run did not build it), and screenshots under test-results/
// (git-ignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findChromium } from './chromium.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = `${repoRoot}test-results/browser`;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** The UI the server serves is playground-ui/dist; build it once if it is missing. */
export function ensureUiBuilt(): void {
  if (existsSync(`${repoRoot}playground-ui/dist/index.html`)) return;
  const result = spawnSync('npm', ['run', 'build', '-w', 'playground-ui'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm run build -w playground-ui failed');
}

export async function launchBrowser(): Promise<Browser> {
  // Throws at once, naming the install command, when there is no browser to launch.
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged; a test ends by checking there are none. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 1000 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
    reducedMotion: 'no-preference',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = `${screenshotDir}/${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}

/** How many frames a chart draws (the chart exposes it as data-points). */
export async function chartPoints(page: Page, chartId: string): Promise<number> {
  const value = await page.getAttribute(`[data-chart="${chartId}"]`, 'data-points');
  return Number(value ?? 0);
}
