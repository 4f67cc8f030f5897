// Runs one tool process to its end (killed at a deadline), keeping its output and reading its
// CPU and the broker's from /proc once a second while it runs: whether the tool or the broker
// was the busy one is half of what the comparison means.
import { spawn } from 'node:child_process';
import { ProcSampler } from '../proc-sampler.ts';
import type { WatchedProcess } from '../proc-sampler.ts';
import type { ProcessUse } from '../report.ts';
import { nowMs } from '../clock.ts';

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  seconds: number;
  /** The tool's process first, then the broker's (those that could be read). */
  cpu: ProcessUse[];
}

const KEEP_CHARS = 256_000;

export function runTool(
  name: string,
  command: string,
  args: string[],
  options: { timeoutMs: number; watch: WatchedProcess[] },
): Promise<ToolRun> {
  return new Promise((resolve) => {
    const started = nowMs();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (acc: string, chunk: Buffer): string =>
      (acc + chunk.toString()).slice(-KEEP_CHARS);
    child.stdout.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
    child.stderr.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
    const watched = child.pid === undefined ? [] : [{ name, pid: child.pid }];
    const sampler = new ProcSampler([...watched, ...options.watch]);
    sampler.counting = true;
    const sampling = setInterval(() => sampler.sample(), 1000);
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const end = (code: number | null, extra = ''): void => {
      clearInterval(sampling);
      clearTimeout(deadline);
      resolve({
        code,
        stdout,
        stderr: stderr + extra,
        timedOut,
        seconds: (nowMs() - started) / 1000,
        cpu: sampler.use(),
      });
    };
    child.on('error', (error) => end(null, error.message));
    child.on('close', (code) => end(code));
  });
}
