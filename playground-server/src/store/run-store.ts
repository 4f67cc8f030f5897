// Finished runs and imported recordings, kept in one SQLite file so they outlast the process.
// A run is written once, when it ends; the list reads only each run's view, never its frames.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type {
  Frame,
  RecordedScenario,
  RunEnvironment,
  RunEvent,
  RunView,
} from '../routes/schemas.ts';

/** Everything an export holds about one run. */
export interface StoredRun {
  view: RunView;
  scenario: RecordedScenario;
  frames: Frame[];
  events: RunEvent[];
  environment: RunEnvironment;
}

export interface RunStoreOptions {
  /** The newest this many runs are kept; saving one more deletes the oldest. */
  maxRuns: number;
}

export const DEFAULT_MAX_STORED_RUNS = 500;

type Detail = Omit<StoredRun, 'view'>;

export class RunStore {
  private readonly db: DatabaseSync;

  constructor(
    readonly file: string,
    private readonly options: RunStoreOptions = { maxRuns: DEFAULT_MAX_STORED_RUNS },
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    // WAL: a reader (the list) never waits for a run being written.
    this.db.exec('PRAGMA journal_mode = WAL');
    // seq orders by when a run was saved: an imported recording is new here, however old it is.
    this.db.exec(`CREATE TABLE IF NOT EXISTS runs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      scenario TEXT NOT NULL,
      view TEXT NOT NULL,
      detail TEXT NOT NULL
    )`);
  }

  /** Saves (or replaces) a run, then deletes the oldest beyond the bound. */
  save(run: StoredRun): void {
    const { view, ...detail } = run;
    this.db
      .prepare(
        `INSERT INTO runs (id, scenario, view, detail) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET view = excluded.view, detail = excluded.detail`,
      )
      .run(view.id, view.scenario, JSON.stringify(view), JSON.stringify(detail));
    this.db
      .prepare(`DELETE FROM runs WHERE seq NOT IN (SELECT seq FROM runs ORDER BY seq DESC LIMIT ?)`)
      .run(this.options.maxRuns);
  }

  /** Every kept run's view, the last saved first. */
  list(): RunView[] {
    return this.db
      .prepare('SELECT view FROM runs ORDER BY seq DESC')
      .all()
      .map((row) => JSON.parse(String(row.view)) as RunView);
  }

  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  }

  view(id: string): RunView | undefined {
    const row = this.db.prepare('SELECT view FROM runs WHERE id = ?').get(id);
    return row === undefined ? undefined : (JSON.parse(String(row.view)) as RunView);
  }

  get(id: string): StoredRun | undefined {
    const row = this.db.prepare('SELECT view, detail FROM runs WHERE id = ?').get(id);
    if (row === undefined) return undefined;
    const detail = JSON.parse(String(row.detail)) as Detail;
    return { view: JSON.parse(String(row.view)) as RunView, ...detail };
  }

  /** Whether there was such a run. */
  delete(id: string): boolean {
    return Number(this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes) > 0;
  }

  get size(): number {
    const row = this.db.prepare('SELECT count(*) AS n FROM runs').get();
    return Number(row?.n ?? 0);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
