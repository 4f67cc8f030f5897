// Process plumbing shared by the brokers: finding binaries, running commands with a deadline,
// and deciding whether a pid still belongs to a process this launcher started.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

// Debian installs rabbitmq-server and rabbitmqctl under /usr/sbin, which a non-root PATH lacks.
const EXTRA_BIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Absolute path of an executable on PATH (or the sbin dirs), undefined when not installed. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_BIN_DIRS];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
}

/** Runs a command to completion (or kills it at the deadline) and returns its output. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Output is only ever shown as a tail; cap it so a chatty tool cannot grow memory.
    const keep = (acc: string, chunk: Buffer): string => (acc + chunk.toString()).slice(-64_000);
    child.stdout.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
    child.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + err.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which still counts as alive.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no procfs (macOS): kill(0) is all we have
  }
}

/** The process's command line as one string, or undefined when it cannot be read. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/**
 * Whether pid is alive and its command line carries every marker, so a pid file left behind by
 * a crash, whose number the OS has since given to an unrelated process, is never acted on.
 */
export function isOurs(pid: number, markers: readonly string[]): boolean {
  if (!isAlive(pid)) return false;
  const cmd = commandLine(pid);
  // Without procfs (macOS) there is nothing to compare; the pid file is all we have.
  if (cmd === undefined) return process.platform !== 'linux';
  return markers.every((m) => cmd.includes(m));
}

/** Waits until pid is gone; false when it is still alive at the deadline. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** The last lines of a text file (minus lines matching skip), or '' when it does not exist yet. */
export function tailFile(path: string, lines = 20, skip?: RegExp): string {
  try {
    let all = readFileSync(path, 'utf8').trimEnd().split('\n');
    if (skip) all = all.filter((line) => !skip.test(line));
    return all.slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Pids of live processes whose command line carries every marker (Linux only; [] elsewhere). */
export function findProcesses(markers: readonly string[]): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const cmd = commandLine(pid);
    if (cmd !== undefined && markers.every((m) => cmd.includes(m)) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

/** SIGTERM, a bounded wait, then SIGKILL; true once the process is gone. */
export async function terminate(pid: number, graceMs: number): Promise<boolean> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return !isAlive(pid);
  }
  if (await waitForExit(pid, graceMs)) return true;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  return waitForExit(pid, 5_000);
}

export function writePidFile(pidFile: string, pid: number): void {
  writeFileSync(pidFile, `${pid}\n`);
}
