import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium } from './chromium.ts';
import { repoRoot } from './browser.ts';

describe('finding Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const fake = (dir: string, name: string, mode = 0o755): string => {
    const path = join(root, dir, name);
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, mode);
    return path;
  };

  it('takes CHROME_PATH first, then chromium, chromium-browser, google-chrome on PATH', () => {
    const chrome = fake('a', 'google-chrome');
    const ubuntu = fake('b', 'chromium-browser');
    fake('c', 'chromium', 0o644); // not executable: skipped
    const path = [join(root, 'a'), join(root, 'b'), join(root, 'c')].join(delimiter);
    expect(findChromium({ PATH: path })).toBe(ubuntu);
    expect(findChromium({ PATH: join(root, 'a') })).toBe(chrome);
    expect(findChromium({ PATH: path, CHROME_PATH: chrome })).toBe(chrome);
    expect(() => findChromium({ PATH: path, CHROME_PATH: join(root, 'c', 'chromium') })).toThrow(
      /CHROME_PATH is .* not an executable file/,
    );
    expect(() => findChromium({ PATH: join(root, 'c') })).toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toContain('apt-get install chromium');
  });

  it('stops `npm test` at once with one line when there is none', () => {
    const node = process.execPath;
    const started = Date.now();
    const result = spawnSync(
      node,
      ['--import', 'tsx', join(repoRoot, 'tests/browser/require-chromium.ts')],
      { cwd: repoRoot, env: { PATH: dirname(node) }, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([CHROMIUM_MISSING]);
    expect(Date.now() - started).toBeLessThan(10_000);
    // ...and `npm test` runs it before anything else.
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: { test: string };
    };
    expect(pkg.scripts.test).toMatch(/^tsx tests\/browser\/require-chromium\.ts && /);
  });
});
