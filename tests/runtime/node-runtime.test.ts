// The project brings its own Node.js (the `node` package, a dev dependency) so that its scripts
// never run on the machine's end-of-life Node 20. These tests fail if a script falls back to the
// system Node, e.g. because the dev dependency was dropped or a script calls an absolute path.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const pinnedMajor = Number(/(\d+)/.exec(pkg.devDependencies.node ?? '')?.[1]);

describe('the runtime the project pins', () => {
  it('pins Node.js 24 LTS', () => {
    expect(pinnedMajor).toBe(24);
  });

  it('runs the tests themselves on it', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(pinnedMajor);
  });

  it('runs npm scripts on it even when the PATH they start from finds another node first', async () => {
    // Drop the project's own bin folders from PATH, as a shell on a fresh machine would have it:
    // npm must put them back in front for the script.
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((p) => !p.includes('node_modules'))
      .join(delimiter);
    const { stdout } = await run('npm', ['run', '-s', 'runtime'], {
      cwd: root,
      env: { ...process.env, PATH: path },
      timeout: 30_000,
    });
    expect(stdout.trim()).toMatch(new RegExp(`^v${pinnedMajor}\\.`));
  });
});
