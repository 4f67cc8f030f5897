// The real server as a child process, the way `npm start` runs it, on a free loopback port.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { findDescendant } from './proc.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = 'playground-server/src/main.ts';

export interface ChildServer {
  url: string;
  /** The node process that serves (under npm exec, sh and the tsx CLI). */
  pid: number;
  /** Ends the whole process group: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startServer(readyTimeoutMs = 60_000): Promise<ChildServer> {
  const port = await freePort();
  // Its own process group (detached), so stopping it reaches tsx's child too.
  const child: ChildProcess = spawn('npx', ['tsx', MAIN], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TICK_MS: '250',
      TRAINER_TOKEN: '',
    },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined || !alive) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const stop = async (graceMs = 10_000): Promise<void> => {
    signalGroup('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    if ((await Promise.race([exited, late])) === 'late') {
      signalGroup('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    clearTimeout(timer);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server not ready in ${readyTimeoutMs} ms:\n${output}`)),
        readyTimeoutMs,
      );
      const onData = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-8000);
        if (output.includes('Playground running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready:\n${output}`));
      });
    });
    if (child.pid === undefined) throw new Error('server did not start');
    const pid = findDescendant(child.pid, MAIN);
    if (pid === undefined) throw new Error(`no process running ${MAIN} under ${child.pid}`);
    // Keep draining its output so a chatty server never blocks on a full pipe.
    child.stdout?.resume();
    child.stderr?.resume();
    return { url: `http://127.0.0.1:${port}`, pid, stop };
  } catch (error) {
    await stop(3000);
    throw error;
  }
}

/** A JSON request with a deadline; a non-2xx answer is an error naming it. */
export async function request<T>(
  url: string,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
