// Shared by the launcher's tests: running the CLI as a user would, and finding a free port.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tsx infrastructure/launcher/cli.ts …` in a child process, from the repository root. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 200_000,
): Promise<CliResult> {
  const tsx = resolve(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const cli = resolve(REPO_ROOT, 'infrastructure', 'launcher', 'cli.ts');
  return new Promise((done) => {
    execFile(
      tsx,
      [cli, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

// Where the launcher's processes get their ports; kept here for the tests that import it.
export { freePort } from './ports.ts';
