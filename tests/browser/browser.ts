// Shared by the browser tests: Chromium (CHROME_PATH, or found on PATH) driven by playwright-core,
// the built UI (built here if the test run did not build it), and screenshots under test-results/
// (git-ignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';
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

export interface BrowserSuite {
  /** Set before the describe block's first test. */
  readonly server: Harness;
  readonly tab: BrowserPage;
  /** GET (or `init`) a path of the server, as JSON. */
  api<T>(path: string, init?: RequestInit): Promise<T>;
}

/**
 * For a describe block: a server with the built UI, Chromium and one page of the given viewport,
 * started before its tests and closed after them.
 */
export function browserSuite(viewport: { width: number; height: number }): BrowserSuite {
  let server: Harness | undefined;
  let browser: Browser | undefined;
  let tab: BrowserPage | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('browserSuite: used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer();
    browser = await launchBrowser();
    tab = await openPage(browser, viewport);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      return ready(server);
    },
    get tab() {
      return ready(tab);
    },
    async api<T>(path: string, init?: RequestInit): Promise<T> {
      return (await (await fetch(`${ready(server).url}${path}`, init)).json()) as T;
    },
  };
}
