// The generic layer under every kind of private instance (Redis now; RabbitMQ, Kafka and
// clusters later): a process started on a free loopback port with its data in its own directory,
// a readiness probe, a recorded pid, and kill / stop / restart / pause / resume. A kind only says
// which binary, which arguments and files, and how to tell it is ready.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LaunchError } from '../errors.ts';
import { findBinary, isAlive, tailFile, waitForExit } from '../process.ts';
import { freePort } from '../ports.ts';
import { PROCESS_FILE } from './paths.ts';
import type { ProcessRecord } from './paths.ts';

export interface InstancePlace {
  /** The instance's own directory: config, data, log. */
  dir: string;
  port: number;
  /** More free loopback ports, as many as the kind's `extraPorts` (a node's dist port…). */
  extraPorts: number[];
}

export interface PrivateProcessKind {
  /** Names the instance's directory and appears in errors ('redis'). */
  kind: string;
  binary: string;
  /** Where the binary is, when not simply on PATH under `binary` (default: findBinary). */
  locate?(): string | undefined;
  /** Free loopback ports it needs besides `port` (default 0). */
  extraPorts?: number;
  /** Its environment (default: this process's). */
  env?(place: InstancePlace): NodeJS.ProcessEnv;
  /** The command that installs the binary where it is missing. */
  installHint: string;
  /** Files (name → content) written into the instance's directory before every start. */
  files?(place: InstancePlace): Record<string, string>;
  /**
   * Runs after the files are written and before every start, with the located binary (Kafka
   * formats its storage here, once: a restart keeps the data).
   */
  prepare?(place: InstancePlace, binary: string): Promise<void>;
  args(place: InstancePlace): string[];
  /** Substrings of its command line, so a recycled pid is never signalled. */
  markers(place: InstancePlace): string[];
  /** Resolves once it serves requests; rejects with the reason at the deadline. */
  ready(place: InstancePlace, timeoutMs: number, alive: () => boolean): Promise<void>;
}

/** How a cluster starts a node on ports it chose beforehand (its peers' configs name them). */
export interface StartOptions {
  readyTimeoutMs?: number;
  port?: number;
  /** As many as the kind's `extraPorts`; missing ones are picked free. */
  extraPorts?: readonly number[];
}

export const LOG_FILE = 'process.log';
const READY_TIMEOUT_MS = 15_000;

/** A private process this Node process started and owns. */
export class PrivateProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    private readonly spec: PrivateProcessKind,
    private readonly binary: string,
    readonly place: InstancePlace,
    private readonly readyTimeoutMs: number,
  ) {}

  static async start(
    spec: PrivateProcessKind,
    dir: string,
    options: StartOptions = {},
  ): Promise<PrivateProcess> {
    const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
    const binary = spec.locate ? spec.locate() : findBinary(spec.binary);
    if (!binary) throw new LaunchError(`${spec.binary} is not installed`, spec.installHint);
    mkdirSync(dir, { recursive: true });
    const port = options.port ?? (await freePort());
    const extraPorts: number[] = [...(options.extraPorts ?? [])];
    while (extraPorts.length < (spec.extraPorts ?? 0)) {
      const extra = await freePort();
      if (extra !== port && !extraPorts.includes(extra)) extraPorts.push(extra);
    }
    const proc = new PrivateProcess(spec, binary, { dir, port, extraPorts }, readyTimeoutMs);
    await proc.launch();
    return proc;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get port(): number {
    return this.place.port;
  }

  get address(): string {
    return `127.0.0.1:${this.place.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && isAlive(this.pid);
  }

  /** SIGKILL: no shutdown, no final save; what was not on disk is lost. */
  async kill(): Promise<void> {
    await this.signalAndWait('SIGKILL');
  }

  /** A clean shutdown (SIGTERM; SIGKILL if it overstays). */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Starts it again on the same port over the same data directory (stopping it first if up). */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** SIGSTOP: alive but silent, as a long GC pause or a frozen VM looks to its clients. */
  pause(): void {
    if (this.running) this.child?.kill('SIGSTOP');
  }

  resume(): void {
    if (this.running) this.child?.kill('SIGCONT');
  }

  private async signalAndWait(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    this.child?.kill(signal);
    await this.exited;
  }

  private async launch(): Promise<void> {
    const { dir } = this.place;
    for (const [name, content] of Object.entries(this.spec.files?.(this.place) ?? {})) {
      writeFileSync(resolve(dir, name), content);
    }
    await this.spec.prepare?.(this.place, this.binary);
    const logFile = resolve(dir, LOG_FILE);
    const log = openSync(logFile, 'a');
    // Not detached: a Ctrl-C to the server's process group stops it too; a SIGKILLed server
    // leaves it running, and the start-up sweep kills it by the pid recorded below.
    const child = spawn(this.binary, this.spec.args(this.place), {
      cwd: dir,
      stdio: ['ignore', log, log],
      ...(this.spec.env ? { env: this.spec.env(this.place) } : {}),
    });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done();
      else child.once('exit', () => done());
    });
    const spawned = await new Promise<Error | undefined>((done) => {
      child.once('spawn', () => done(undefined));
      child.once('error', (e) => done(e));
    });
    if (spawned || child.pid === undefined) {
      throw new LaunchError(
        `${this.spec.binary} did not start: ${spawned?.message ?? 'no pid'}`,
        this.spec.installHint,
      );
    }
    const record: ProcessRecord = {
      kind: this.spec.kind,
      pid: child.pid,
      markers: this.spec.markers(this.place),
    };
    writeFileSync(resolve(dir, PROCESS_FILE), JSON.stringify(record));
    try {
      await this.spec.ready(this.place, this.readyTimeoutMs, () => this.running);
    } catch (error) {
      const tail = tailFile(logFile);
      child.kill('SIGKILL');
      await waitForExit(child.pid, 5_000);
      throw new LaunchError(
        `private ${this.spec.kind} on port ${this.port} did not become ready: ${(error as Error).message}`,
        `see ${logFile}`,
        tail,
      );
    }
  }
}
