// Where private instances live: one directory per run, one sub-directory per instance, all
// under the git-ignored .playground so a sweep can find what a crashed process left.
import { resolve } from 'node:path';
import { PLAYGROUND_DIR } from '../paths.ts';

export const PRIVATE_DIR = resolve(PLAYGROUND_DIR, 'private');

export function privateRunDir(runId: string, root = PRIVATE_DIR): string {
  return resolve(root, runId);
}

/** Written in a run's directory: who owns it, so the sweep can tell a live run from an orphan. */
export const OWNER_FILE = 'owner.json';
/** Written in an instance's directory: the pid it runs as and the markers its command carries. */
export const PROCESS_FILE = 'process.json';

export interface OwnerRecord {
  runId: string;
  ownerPid: number;
  /** The owner's command line, so a pid the OS has since recycled is not taken for the owner. */
  ownerCommand: string;
}

export interface ProcessRecord {
  kind: string;
  pid: number;
  markers: string[];
}
