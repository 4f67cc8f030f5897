// Finished comparisons in one SQLite file (.playground/lab.sqlite), so a run can be set beside
// earlier ones. The list reads only each comparison's summary, never its samples.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PLAYGROUND_DIR } from '../../../infrastructure/launcher/paths.ts';
import type { ComparisonResult, TargetResult } from './report.ts';
import type { TargetId } from './target.ts';

export const LAB_STORE_FILE = resolve(PLAYGROUND_DIR, 'lab.sqlite');
export const DEFAULT_MAX_COMPARISONS = 200;

/** One line of the list: enough to pick a comparison and see its headline numbers. */
export interface ComparisonSummary {
  id: string;
  workload: string;
  startedAt: string;
  endedAt: string | null;
  state: ComparisonResult['state'];
  targets: {
    target: TargetId;
    status: TargetResult['status'];
    publishPerSec: number;
    consumePerSec: number;
    publishP99Ms: number | null;
    endToEndP99Ms: number | null;
  }[];
}

export function summarize(result: ComparisonResult): ComparisonSummary {
  return {
    id: result.id,
    workload: result.workload.name,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    state: result.state,
    targets: result.targets.map((t) => ({
      target: t.target,
      status: t.status,
      publishPerSec: t.publish.perSec,
      consumePerSec: t.consume.perSec,
      publishP99Ms: t.publishLatency?.p99 ?? null,
      endToEndP99Ms: t.endToEndLatency?.p99 ?? null,
    })),
  };
}

export class LabStore {
  private readonly db: DatabaseSync;

  constructor(
    readonly file: string = LAB_STORE_FILE,
    private readonly maxComparisons = DEFAULT_MAX_COMPARISONS,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    // WAL: the list (the server) never waits for a comparison being saved (the CLI).
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS comparisons (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      summary TEXT NOT NULL,
      result TEXT NOT NULL
    )`);
  }

  /** Saves (or replaces) a comparison, then deletes the oldest beyond the bound. */
  save(result: ComparisonResult): void {
    this.db
      .prepare(
        `INSERT INTO comparisons (id, summary, result) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET summary = excluded.summary, result = excluded.result`,
      )
      .run(result.id, JSON.stringify(summarize(result)), JSON.stringify(result));
    this.db
      .prepare(
        'DELETE FROM comparisons WHERE seq NOT IN (SELECT seq FROM comparisons ORDER BY seq DESC LIMIT ?)',
      )
      .run(this.maxComparisons);
  }

  /** Every kept comparison, the last saved first. */
  list(): ComparisonSummary[] {
    return this.db
      .prepare('SELECT summary FROM comparisons ORDER BY seq DESC')
      .all()
      .map((row) => JSON.parse(String(row.summary)) as ComparisonSummary);
  }

  get(id: string): ComparisonResult | undefined {
    const row = this.db.prepare('SELECT result FROM comparisons WHERE id = ?').get(id);
    return row === undefined ? undefined : (JSON.parse(String(row.result)) as ComparisonResult);
  }

  /** Whether there was such a comparison. */
  delete(id: string): boolean {
    return Number(this.db.prepare('DELETE FROM comparisons WHERE id = ?').run(id).changes) > 0;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
