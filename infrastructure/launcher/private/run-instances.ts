// Every private instance of one run, in `.playground/private/<runId>/`: started on demand and
// all removed together when the run ends, however it ends.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandLine } from '../process.ts';
import { OWNER_FILE, privateRunDir } from './paths.ts';
import type { OwnerRecord } from './paths.ts';
import { PrivateProcess } from './private-process.ts';
import type { PrivateProcessKind, StartOptions } from './private-process.ts';

export class RunInstances {
  readonly dir: string;
  private readonly processes: PrivateProcess[] = [];
  private closed = false;
  private ownerWritten = false;
  private unnamed = 0;

  constructor(
    readonly runId: string,
    root?: string,
  ) {
    this.dir = privateRunDir(runId, root);
  }

  /**
   * Starts one; `options.name` names its directory (default `<kind>-<n>`), so a cluster's nodes
   * started side by side do not pick the same one.
   */
  async start(
    kind: PrivateProcessKind,
    options: StartOptions & { name?: string } = {},
  ): Promise<PrivateProcess> {
    if (this.closed) throw new Error(`run ${this.runId} has ended: no new private ${kind.kind}`);
    if (!this.ownerWritten) this.writeOwner();
    const name = options.name ?? `${kind.kind}-${++this.unnamed}`;
    const proc = await PrivateProcess.start(kind, resolve(this.dir, name), options);
    this.processes.push(proc);
    // Closed while it was starting: it must not outlive the run either.
    if (this.closed) {
      await this.closeAll();
      throw new Error(`run ${this.runId} ended while its private ${kind.kind} was starting`);
    }
    return proc;
  }

  /** Kills every instance (their data is the run's, nothing to save) and deletes the directory. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const all = this.processes.splice(0);
    await Promise.all(all.map((p) => p.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeOwner(): void {
    this.ownerWritten = true;
    mkdirSync(this.dir, { recursive: true });
    const owner: OwnerRecord = {
      runId: this.runId,
      ownerPid: process.pid,
      ownerCommand: commandLine(process.pid) ?? '',
    };
    writeFileSync(resolve(this.dir, OWNER_FILE), JSON.stringify(owner));
  }
}
