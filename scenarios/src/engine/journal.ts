// A run writes what it creates to a journal file as it goes, so a server that crashed mid-run
// can delete the leftovers on its next start (RabbitMQ cannot list queues over AMQP). A run whose
// cleanup failed keeps its file, marked with the failure: the journal is the record of what is
// still to delete, retried when the broker that refused comes back.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerName, RunResources } from '../sdk/index.ts';

export interface CleanupFailure {
  attempts: number;
  lastError: string;
  lastAttemptAt: string;
  /** The brokers that refused; a retry waits for one of them to come back. */
  brokers: BrokerName[];
}

export interface JournalEntry {
  runId: string;
  pid: number;
  scenario: string;
  resources: RunResources;
  cleanup?: CleanupFailure;
}

const BROKER_NAMES: readonly BrokerName[] = ['redis', 'rabbitmq', 'kafka'];

/** Cleanup errors read `<broker>: <message>` (see cleanup.ts); which brokers do they name? */
export function brokersIn(errors: readonly string[]): BrokerName[] {
  return BROKER_NAMES.filter((b) => errors.some((e) => e.startsWith(`${b}: `)));
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

  /** Keeps the entry, with one more failed attempt and the errors that ended it. */
  noteCleanupFailure(entry: JournalEntry, errors: readonly string[]): JournalEntry {
    const next: JournalEntry = {
      runId: entry.runId,
      pid: entry.pid,
      scenario: entry.scenario,
      resources: entry.resources,
      cleanup: {
        attempts: (entry.cleanup?.attempts ?? 0) + 1,
        lastError: errors.join('; '),
        lastAttemptAt: new Date().toISOString(),
        brokers: brokersIn(errors),
      },
    };
    this.write(next);
    return next;
  }

  /**
   * Entries no live run answers for: runs of this process that ended with their cleanup
   * incomplete, and runs of processes that are gone.
   */
  pending(activeRunIds: ReadonlySet<string>): JournalEntry[] {
    return this.list().filter(
      (e) => !activeRunIds.has(e.runId) && (e.pid === process.pid || !processAlive(e.pid)),
    );
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
