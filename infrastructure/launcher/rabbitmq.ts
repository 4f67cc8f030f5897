// A local RabbitMQ node owned by the launcher: its own node name, config, plugins file, cookie
// and data under one dir, so it never mixes with a machine-wide RabbitMQ on the same host.
import { copyFileSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LaunchError } from './errors.ts';
import { INFRA_DIR } from './paths.ts';
import {
  findBinary,
  isAlive,
  isExecutable,
  readPid,
  removeFile,
  run,
  tailFile,
  terminate,
} from './process.ts';
import { probeRabbitmq, waitUntilReady } from './probe.ts';
import type { LaunchedProcess } from './state.ts';

export const RABBITMQ_INSTALL_HINT = 'sudo apt-get install rabbitmq-server (or install Docker)';
const READY_TIMEOUT_MS = 30_000;

export interface RabbitmqOptions {
  port: number;
  /** Management UI/API port; 15672 next to the default AMQP port. */
  managementPort: number;
  dir: string;
  user: string;
  password: string;
  vhost: string;
  readyTimeoutMs?: number;
}

/**
 * Debian's /usr/sbin/rabbitmq-* are a wrapper that re-runs the script as the `rabbitmq` user,
 * which could not write to the launcher's directory. The real script sits next to the wrapper
 * and runs as the caller.
 */
export function rabbitmqScript(name: 'rabbitmq-server' | 'rabbitmqctl'): string | undefined {
  const found = findBinary(name);
  if (!found) return undefined;
  const real = realpathSync(found);
  if (basename(real) !== 'rabbitmq-script-wrapper') return found;
  const direct = join(dirname(real), name);
  return isExecutable(direct) ? direct : found;
}

export function rabbitmqNodeName(port: number): string {
  return `playground-${port}@localhost`;
}

export function rabbitmqProcess(
  options: Pick<RabbitmqOptions, 'port' | 'dir'>,
): Omit<LaunchedProcess, 'pid'> {
  const dir = resolve(options.dir);
  const node = rabbitmqNodeName(options.port);
  return {
    pidFile: resolve(dir, 'rabbitmq.pid'),
    logFile: resolve(dir, 'log', `${node}.log`),
    // The node name travels in the environment, not argv; the -home flag (HOME=dir) is unique.
    markers: ['beam', 'rabbit boot', `-home ${dir} `],
    rabbitmqNode: node,
  };
}

/** The environment that makes rabbitmq-server and rabbitmqctl address the launcher's node. */
export function rabbitmqEnv(options: Pick<RabbitmqOptions, 'port' | 'dir'>): NodeJS.ProcessEnv {
  const dir = resolve(options.dir);
  const proc = rabbitmqProcess(options);
  return {
    ...process.env,
    // The Erlang cookie is read from $HOME; keeping it in dir spares the user's home directory.
    HOME: dir,
    RABBITMQ_NODENAME: proc.rabbitmqNode,
    // Derived from the AMQP port, so it never collides with a machine node's 25672.
    RABBITMQ_DIST_PORT: String(options.port + 20000),
    RABBITMQ_CONF_ENV_FILE: resolve(INFRA_DIR, 'rabbitmq', 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: resolve(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: resolve(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: resolve(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: resolve(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: resolve(dir, 'log'),
    RABBITMQ_PID_FILE: proc.pidFile,
    RABBITMQ_PLUGINS_EXPAND_DIR: resolve(dir, 'plugins-expand'),
  };
}

function writeConfig(options: RabbitmqOptions, dir: string): void {
  const base = readFileSync(resolve(INFRA_DIR, 'rabbitmq', 'rabbitmq.conf'), 'utf8');
  // default_* only act when the node boots with an empty database, i.e. on its first start:
  // that is when the user and vhost named in AMQP_URL come to exist.
  const lines = [
    '',
    '# Added by the launcher from AMQP_URL.',
    `listeners.tcp.local = 127.0.0.1:${options.port}`,
    `management.tcp.port = ${options.managementPort}`,
    `default_user = ${options.user}`,
    `default_pass = ${options.password}`,
    `default_vhost = ${options.vhost}`,
    `default_permissions.configure = .*`,
    `default_permissions.read = .*`,
    `default_permissions.write = .*`,
  ];
  writeFileSync(resolve(dir, 'rabbitmq.conf'), `${base.trimEnd()}\n${lines.join('\n')}\n`);
  copyFileSync(resolve(INFRA_DIR, 'rabbitmq', 'enabled_plugins'), resolve(dir, 'enabled_plugins'));
}

/** Starts a detached RabbitMQ node and resolves once an AMQP login succeeds. */
export async function startRabbitmq(options: RabbitmqOptions): Promise<LaunchedProcess> {
  const script = rabbitmqScript('rabbitmq-server');
  if (!script) throw new LaunchError('rabbitmq-server is not installed', RABBITMQ_INSTALL_HINT);
  const dir = resolve(options.dir);
  mkdirSync(resolve(dir, 'log'), { recursive: true });
  writeConfig(options, dir);
  const proc = rabbitmqProcess(options);
  const result = await run(script, ['-detached'], {
    env: rabbitmqEnv(options),
    cwd: dir,
    timeoutMs: 30_000,
  });
  if (result.code !== 0) {
    throw new LaunchError(
      `rabbitmq-server -detached exited with ${result.code ?? 'a signal'}`,
      `see ${proc.logFile}`,
      tailFile(proc.logFile) || (result.stderr || result.stdout).trim(),
    );
  }
  const user = encodeURIComponent(options.user);
  const pass = encodeURIComponent(options.password);
  const vhost = encodeURIComponent(options.vhost);
  const url = `amqp://${user}:${pass}@127.0.0.1:${options.port}/${vhost}`;
  const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const ready = await waitUntilReady((t) => probeRabbitmq(url, t), {
    timeoutMs,
    intervalMs: 500,
    // The node writes its pid file early in boot; a node that dies while booting (port taken,
    // bad config) is reported at once instead of after the whole timeout.
    alive: () => {
      const pid = readPid(proc.pidFile);
      return pid === undefined || isAlive(pid);
    },
  });
  const pid = readPid(proc.pidFile);
  if (!ready.ok || pid === undefined) {
    const log = tailFile(proc.logFile);
    if (pid !== undefined) await terminate(pid, 30_000); // a failed start leaves nothing behind
    removeFile(proc.pidFile);
    throw new LaunchError(
      `RabbitMQ node ${proc.rabbitmqNode} did not accept an AMQP login within ${timeoutMs / 1000} s: ${ready.ok ? 'no pid file' : ready.error}`,
      `see ${proc.logFile}`,
      log,
    );
  }
  return { ...proc, pid };
}

/** `rabbitmqctl -n <node> stop <pidfile>`: returns once the node's process has exited. */
export async function rabbitmqctlStop(
  node: string,
  pidFile: string,
  timeoutMs: number,
): Promise<boolean> {
  const ctl = rabbitmqScript('rabbitmqctl');
  if (!ctl) return false;
  const dir = dirname(pidFile);
  const result = await run(ctl, ['-n', node, 'stop', pidFile], {
    // Same HOME as the node, so rabbitmqctl presents the node's Erlang cookie.
    env: {
      ...process.env,
      HOME: dir,
      RABBITMQ_CONF_ENV_FILE: resolve(INFRA_DIR, 'rabbitmq', 'rabbitmq-env.conf'),
    },
    cwd: dir,
    timeoutMs,
  });
  return result.code === 0;
}
