// A local redis-server owned by the launcher: daemonized, loopback only, all state in one dir.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LaunchError } from './errors.ts';
import {
  findBinary,
  isAlive,
  isOurs,
  readPid,
  removeFile,
  run,
  sleep,
  tailFile,
  terminate,
} from './process.ts';
import { INFRA_DIR } from './paths.ts';
import { probeRedis, waitUntilReady } from './probe.ts';
import type { LaunchedProcess } from './state.ts';

export const REDIS_INSTALL_HINT = 'sudo apt-get install redis-server (or install Docker)';
const READY_TIMEOUT_MS = 30_000;

export interface RedisOptions {
  port: number;
  /** Holds the pid file, log and working directory; created when missing. */
  dir: string;
  /** Set as requirepass, so a REDIS_URL with a password works against the launched server. */
  password?: string;
  readyTimeoutMs?: number;
}

export function redisProcess(
  options: Pick<RedisOptions, 'port' | 'dir'>,
): Omit<LaunchedProcess, 'pid'> {
  const dir = resolve(options.dir);
  return {
    pidFile: resolve(dir, 'redis.pid'),
    logFile: resolve(dir, 'redis.log'),
    // redis-server rewrites its process title to "redis-server 127.0.0.1:<port>".
    markers: ['redis-server', `:${options.port}`],
  };
}

/** Starts redis-server and resolves once it answers PING; rejects with a LaunchError. */
export async function startRedis(options: RedisOptions): Promise<LaunchedProcess> {
  const binary = findBinary('redis-server');
  if (!binary) throw new LaunchError('redis-server is not installed', REDIS_INSTALL_HINT);
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const proc = redisProcess(options);
  removeFile(proc.pidFile);
  const args = [
    resolve(INFRA_DIR, 'redis', 'redis.conf'),
    '--port',
    String(options.port),
    '--daemonize',
    'yes',
    '--pidfile',
    proc.pidFile,
    '--dir',
    dir,
    '--logfile',
    proc.logFile,
  ];
  if (options.password) args.push('--requirepass', options.password);
  const result = await run(binary, args, { timeoutMs: 10_000, cwd: dir });
  if (result.code !== 0) {
    throw new LaunchError(
      `redis-server exited with ${result.code ?? 'a signal'}: ${(result.stderr || result.stdout).trim()}`,
      `check ${proc.logFile}`,
      tailFile(proc.logFile),
    );
  }
  // The daemonized child writes its pid file a moment after the parent returns, and rewrites its
  // title to "redis-server 127.0.0.1:<port>" (what the markers match) a moment after that: until
  // both, or until the process is gone, it has not failed to stay up yet.
  let pid: number | undefined;
  for (let i = 0; i < 50; i++) {
    pid = readPid(proc.pidFile);
    if (pid !== undefined && (isOurs(pid, proc.markers) || !isAlive(pid))) break;
    await sleep(100);
  }
  if (pid === undefined || !isOurs(pid, proc.markers)) {
    throw new LaunchError(
      `redis-server on port ${options.port} did not stay up`,
      `is port ${options.port} already in use? see ${proc.logFile}`,
      tailFile(proc.logFile),
    );
  }
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const url = `redis://${auth}127.0.0.1:${options.port}`;
  const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const ready = await waitUntilReady((t) => probeRedis(url, t), {
    timeoutMs,
    alive: () => isAlive(pid),
  });
  if (!ready.ok) {
    const log = tailFile(proc.logFile);
    await terminate(pid, 5_000); // a failed start leaves nothing behind
    removeFile(proc.pidFile);
    throw new LaunchError(
      `redis-server (pid ${pid}) did not answer PING within ${timeoutMs / 1000} s: ${ready.error}`,
      `see ${proc.logFile}`,
      log,
    );
  }
  return { ...proc, pid };
}
