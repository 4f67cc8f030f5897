// Removes what crashed runs left in .playground/private: a run directory whose owner process is
// gone (or is this process, for a run it no longer has). Its processes are killed only by the
// pid they recorded, and only while that pid still carries their markers: never a pid the
// launcher did not start.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandLine, isAlive, isOurs, waitForExit } from '../process.ts';
import { OWNER_FILE, PRIVATE_DIR, PROCESS_FILE } from './paths.ts';
import type { OwnerRecord, ProcessRecord } from './paths.ts';

export interface PrivateSweepReport {
  /** Run ids whose directories were removed. */
  runs: string[];
  /** Pids killed on the way. */
  killed: number[];
  errors: string[];
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function ownerAlive(owner: OwnerRecord | undefined, activeRunIds: ReadonlySet<string>): boolean {
  if (owner === undefined) return false;
  if (owner.ownerPid === process.pid) return activeRunIds.has(owner.runId);
  if (!isAlive(owner.ownerPid)) return false;
  const cmd = commandLine(owner.ownerPid);
  return cmd === undefined || owner.ownerCommand === '' || cmd === owner.ownerCommand;
}

export async function sweepPrivateInstances(
  activeRunIds: ReadonlySet<string>,
  root = PRIVATE_DIR,
): Promise<PrivateSweepReport> {
  const report: PrivateSweepReport = { runs: [], killed: [], errors: [] };
  if (!existsSync(root)) return report;
  for (const runId of readdirSync(root)) {
    const runDir = resolve(root, runId);
    if (ownerAlive(readJson<OwnerRecord>(resolve(runDir, OWNER_FILE)), activeRunIds)) continue;
    try {
      for (const entry of readdirSync(runDir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const rec = readJson<ProcessRecord>(resolve(runDir, entry.name, PROCESS_FILE));
        if (rec === undefined || !isOurs(rec.pid, rec.markers)) continue;
        process.kill(rec.pid, 'SIGKILL');
        if (!(await waitForExit(rec.pid, 5_000)))
          throw new Error(`pid ${rec.pid} survived SIGKILL`);
        report.killed.push(rec.pid);
      }
      rmSync(runDir, { recursive: true, force: true });
      report.runs.push(runId);
    } catch (error) {
      report.errors.push(`private ${runId}: ${(error as Error).message}`);
    }
  }
  return report;
}
