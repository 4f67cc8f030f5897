// The nginx kind of private instance: Debian's nginx as a caching reverse proxy with a generated
// config, on a free loopback port, every file it writes in the instance's directory. `nginx -p
// <dir> -c <dir>/nginx.conf -g 'daemon off;'` keeps the master in the foreground, the child this
// process spawned.
//
// nginx is a master and its workers, and a SIGKILLed master leaves its workers serving on the
// port (tried: they go on answering from the cache with no master behind them). So, on Linux:
// - the master starts under `setsid`, which makes it a process group leader without a fork: the
//   workers are in its group, and a signal to the group reaches all of them at once, even after
//   the master is gone (an orphaned worker keeps the group id);
// - and under `setpriv --pdeathsig TERM`: should the Node process that started it die without
//   cleaning up (SIGKILL, a crash), the kernel sends the master SIGTERM and nginx takes its
//   workers down with it, so no orphan is left behind for the start-up sweep to miss.
// `NginxProcess` signals the whole group: kill, pause and resume reach the workers too. Without
// setsid it signals the master's children one by one (found in /proc; on a system without /proc,
// such as macOS, the master alone), and without setpriv a crash is the sweep's alone.
//
// Single-process mode (`master_process off`) would make it one pid, but nginx documents it as a
// development mode and a reload (SIGHUP) in it corrupts the running server (tried: answers came
// back as error-log text), and live settings changes are reloads.
import { get } from 'node:http';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findBinary, isAlive, isOurs, readPid, run, sleep, waitForExit } from '../process.ts';
import {
  ACCESS_LOG,
  CONFIG_FILE,
  ERROR_LOG,
  PID_FILE,
  READY_PATH,
  nginxConfig,
  validateNginxSettings,
} from './nginx-config.ts';
import type { NginxSettings } from './nginx-config.ts';
import { parseAccessLog } from './nginx-log.ts';
import type { NginxLogLine } from './nginx-log.ts';
import type { InstancePlace, PrivateProcess, PrivateProcessKind } from './private-process.ts';
import type { RunInstances } from './run-instances.ts';

export const NGINX_INSTALL = 'sudo apt-get install nginx';

/** The settings a kind was made with, and what a reload changes. */
export interface NginxState {
  settings: NginxSettings;
  generation: number;
  /** Whether the master leads a process group of its own (started under setsid). */
  group?: boolean;
  /** The master's pid, once it answered (from its pid file). */
  masterPid?: number;
}

interface Launch {
  binary: string | undefined;
  prefix: string[];
  group: boolean;
}

function launcher(): Launch {
  const nginx = findBinary('nginx');
  if (nginx === undefined || process.platform !== 'linux') {
    return { binary: nginx, prefix: [], group: false };
  }
  const setpriv = findBinary('setpriv');
  const setsid = findBinary('setsid');
  const [binary, ...prefix] = [
    ...(setpriv ? [setpriv, '--pdeathsig', 'TERM'] : []),
    ...(setsid ? [setsid] : []),
    nginx,
  ];
  return { binary, prefix, group: setsid !== undefined };
}

function nginxArgs(dir: string): string[] {
  return ['-p', `${dir}/`, '-c', resolve(dir, CONFIG_FILE), '-g', 'daemon off;'];
}

/** GET the ready location on a connection of its own; resolves with the body. */
function readyBody(port: number, timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    const req = get(
      { host: '127.0.0.1', port, path: READY_PATH, agent: false, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          res.statusCode === 200 ? done(body.trim()) : fail(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', fail);
  });
}

async function waitForGeneration(
  port: number,
  generation: number,
  timeoutMs: number,
  alive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not started';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`nginx exited (${last})`);
    try {
      const body = await readyBody(port, 1_000);
      if (body === String(generation)) return;
      last = `still on generation ${body}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(20);
  }
  throw new Error(last);
}

export function nginxKind(state: NginxState): PrivateProcessKind {
  const { binary, prefix, group } = launcher();
  state.group = group;
  // The master retitles itself "nginx: master process <its command line>".
  const markers = (place: InstancePlace): string[] => [
    'nginx: master process',
    `-p ${place.dir}/ `,
  ];
  return {
    kind: 'nginx',
    binary: 'nginx',
    locate: () => binary,
    installHint: NGINX_INSTALL,
    files: (place) => ({ [CONFIG_FILE]: nginxConfig(place, state.settings, state.generation) }),
    args: (place) => [...prefix, ...nginxArgs(place.dir)],
    markers,
    async ready(place, timeoutMs, alive) {
      const master = (): number | undefined => readPid(resolve(place.dir, PID_FILE));
      try {
        await waitForGeneration(place.port, state.generation, timeoutMs, alive);
        state.masterPid = master();
      } catch (error) {
        // The launcher SIGKILLs the master next, which would leave the workers running.
        const pid = master();
        if (pid !== undefined && isOurs(pid, markers(place))) signalTree(pid, state, 'SIGKILL');
        throw error;
      }
    },
  };
}

/** Direct children of a process (nginx's workers, cache manager and loader), from /proc. */
export function childPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start at the last ')': state, ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && isAlive(Number(entry))) children.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return children;
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** The process group of a live pid (field 5 of /proc/<pid>/stat). */
function groupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

/** The master and its workers: its process group where it leads one, else its children. */
function signalTree(master: number, state: NginxState, sig: NodeJS.Signals): void {
  if (state.group && groupOf(master) === master) signal([-master], sig);
  else signal([master, ...childPids(master)], sig);
}

/** A private nginx: the master the launcher started, and the workers it forks. */
export class NginxProcess {
  constructor(
    readonly proc: PrivateProcess,
    private readonly state: NginxState,
  ) {}

  /** The master's pid (a restart changes it). */
  get pid(): number {
    return this.proc.pid;
  }

  get port(): number {
    return this.proc.port;
  }

  /** 127.0.0.1:<port> */
  get address(): string {
    return this.proc.address;
  }

  /** http://127.0.0.1:<port> */
  get url(): string {
    return `http://${this.proc.address}`;
  }

  get dir(): string {
    return this.proc.place.dir;
  }

  get running(): boolean {
    return this.proc.running;
  }

  get settings(): Readonly<NginxSettings> {
    return this.state.settings;
  }

  /** Workers, cache manager and cache loader: the master's children now. */
  workerPids(): number[] {
    return this.proc.running ? childPids(this.proc.pid) : [];
  }

  /** Every line nginx has logged since the instance started (restarts included). */
  accessLog(): NginxLogLine[] {
    try {
      return parseAccessLog(readFileSync(resolve(this.dir, ACCESS_LOG), 'utf8'));
    } catch {
      return [];
    }
  }

  errorLog(): string {
    try {
      return readFileSync(resolve(this.dir, ERROR_LOG), 'utf8');
    } catch {
      return '';
    }
  }

  /**
   * New settings, live: the config is rewritten, checked with `nginx -t`, and the master is sent
   * SIGHUP; it starts workers on the new config and tells the old ones to finish their requests
   * and close their idle keep-alive connections. Resolves once a new connection is answered by
   * the new config and the old workers are gone (or, should one still be busy with a slow
   * upstream, after `timeoutMs`). The cache stays.
   */
  async reload(settings: NginxSettings, timeoutMs = 5_000): Promise<void> {
    validateNginxSettings(settings);
    if (!this.proc.running) throw new Error('nginx is not running: nothing to reload');
    const before = { ...this.state };
    this.state.settings = settings;
    this.state.generation++;
    const configFile = resolve(this.dir, CONFIG_FILE);
    const place = { dir: this.dir, port: this.port };
    writeFileSync(configFile, nginxConfig(place, settings, this.state.generation));
    const test = await run(findBinary('nginx') ?? 'nginx', ['-t', '-q', ...nginxArgs(this.dir)], {
      cwd: this.dir,
      timeoutMs: 5_000,
    });
    if (test.code !== 0) {
      Object.assign(this.state, before);
      writeFileSync(configFile, nginxConfig(place, before.settings, before.generation));
      throw new Error(`nginx refused the new settings: ${(test.stderr || test.stdout).trim()}`);
    }
    const deadline = Date.now() + timeoutMs;
    const old = this.workerPids();
    process.kill(this.proc.pid, 'SIGHUP');
    await waitForGeneration(this.port, this.state.generation, timeoutMs, () => this.proc.running);
    while (old.some(isAlive) && Date.now() < deadline) await sleep(20);
  }

  /**
   * SIGKILL to the master and every worker. Without a group of its own, the master is stopped
   * first so it cannot fork a replacement between the listing and the kill.
   */
  async kill(): Promise<void> {
    if (!this.proc.running) return;
    const master = this.proc.pid;
    if (!this.state.group) signal([master], 'SIGSTOP');
    const children = childPids(master);
    signalTree(master, this.state, 'SIGKILL');
    signal(children, 'SIGKILL');
    await this.proc.kill();
    await Promise.all(children.map((pid) => waitForExit(pid, 5_000)));
  }

  /** SIGTERM: nginx's fast shutdown, which ends the workers; any straggler is killed. */
  async stop(): Promise<void> {
    if (!this.proc.running) return;
    const master = this.proc.pid;
    this.resume();
    const children = childPids(master);
    await this.proc.stop();
    signalTree(master, this.state, 'SIGKILL');
    signal(children.filter(isAlive), 'SIGKILL');
    await Promise.all(children.map((pid) => waitForExit(pid, 5_000)));
  }

  /** Stops it and starts it again on the same port, cache directory and settings. */
  async restart(): Promise<void> {
    await this.stop();
    await this.proc.restart();
  }

  /** SIGSTOP to the master and its workers: connections are accepted by the kernel, unanswered. */
  pause(): void {
    if (this.proc.running) signalTree(this.proc.pid, this.state, 'SIGSTOP');
  }

  resume(): void {
    if (this.proc.running) signalTree(this.proc.pid, this.state, 'SIGCONT');
  }
}

/**
 * Starts a private nginx among a run's instances. End it with the handle's `kill()` or `stop()`:
 * `RunInstances.closeAll()` signals each instance's pid alone, the master here (the engine
 * kills every nginx through its handle before that).
 */
export async function startNginx(
  instances: RunInstances,
  settings: NginxSettings,
  options: { name?: string } = {},
): Promise<NginxProcess> {
  validateNginxSettings(settings);
  const state: NginxState = { settings, generation: 1 };
  try {
    return new NginxProcess(await instances.start(nginxKind(state), options), state);
  } catch (error) {
    // The run ended while it started: RunInstances killed the master; the workers go too.
    if (state.masterPid !== undefined && state.group) signal([-state.masterPid], 'SIGKILL');
    throw error;
  }
}
