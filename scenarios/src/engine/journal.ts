// A run writes what it creates to a journal file as it goes, so a server that crashed mid-run
// can delete the leftovers on its next start (RabbitMQ cannot list queues over AMQP).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResources } from '../sdk/index.ts';

export interface JournalEntry {
  runId: string;
  pid: number;
  scenario: string;
  resources: RunResources;
}

export class RunJournal {
  constructor(readonly dir: string) {}

  write(entry: JournalEntry): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, `${entry.runId}.json`), JSON.stringify(entry));
  }

  remove(runId: string): void {
    rmSync(join(this.dir, `${runId}.json`), { force: true });
  }

  list(): JournalEntry[] {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    const entries: JournalEntry[] = [];
    for (const file of files) {
      try {
        entries.push(JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as JournalEntry);
      } catch {
        rmSync(join(this.dir, file), { force: true });
      }
    }
    return entries;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
