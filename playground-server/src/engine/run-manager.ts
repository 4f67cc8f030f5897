// Starts, stops and keeps runs: at most `maxRuns` at once, and every live run stopped when the
// server shuts down. A finished run is written to the store (when there is one) as it ends and
// read from there after; the last few also stay in memory, for a viewer that asked just as it
// ended. A run counts as live until its cleanup is done; what a run could not delete stays in the
// journal and is retried when the broker that refused comes back.
import { EventEmitter } from 'node:events';
import type { AnyScenario, BrokerName } from '@playground/scenarios/sdk';
import { resolveParams } from '@playground/scenarios/sdk';
import type {
  BrokerAddresses,
  JournalEntry,
  RetryReport,
  RunJournal,
  RunRecord,
} from '@playground/scenarios/engine';

import { Run, newRunId, retryCleanups } from '@playground/scenarios/engine';
import type { Frame, RunEnvironment, RunEvent, RunExport, RunView } from '../routes/schemas.ts';
import { runView } from '../routes/scenario-view.ts';
import type { RunStore, StoredRun } from '../store/run-store.ts';
import { fromExport, recordedScenario } from '../store/run-export.ts';

export class RunLimitError extends Error {
  constructor(readonly limit: number) {
    super(`at most ${limit} runs may go at once; stop one or wait for one to finish`);
    this.name = 'RunLimitError';
  }
}

/** The little of a logger the manager needs (Fastify's pino logger fits). */
export interface RunManagerLog {
  error(details: object, message: string): void;
}

export interface RunManagerOptions {
  addresses: BrokerAddresses;
  maxRuns: number;
  tickMs: number;
  journal?: RunJournal;
  keepFinished?: number;
  log?: RunManagerLog;
  /** Where finished runs are kept; without one, the last `keepFinished` stay in memory only. */
  store?: RunStore;
  /** Where a run runs (versions), read as it starts and kept with it. */
  environment?: () => RunEnvironment;
}

export type DeleteOutcome = 'deleted' | 'running' | 'missing';

const UNKNOWN_ENVIRONMENT: RunEnvironment = {
  playground: 'unknown',
  node: process.version,
  brokers: { redis: null, rabbitmq: null, kafka: null },
};

export interface RunManagerEvents {
  started: [Run];
  ended: [Run, RunRecord];
}

export interface PendingCleanup {
  runId: string;
  scenario: string;
  resources: JournalEntry['resources'];
  lastError: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  brokers: BrokerName[];
}

export class RunManager extends EventEmitter<RunManagerEvents> {
  private readonly runs = new Map<string, Run>();
  private readonly environments = new Map<string, RunEnvironment>();
  // Retries and the start-up sweep go one at a time: two of them deleting one run's topics
  // at once would each report the other's deletions as failures.
  private cleanupQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RunManagerOptions) {
    super();
  }

  /** Runs not yet ended, including those still deleting what they created. */
  get active(): Run[] {
    return [...this.runs.values()].filter((r) => r.endedAt === undefined);
  }

  activeIds(): Set<string> {
    return new Set(this.active.map((r) => r.id));
  }

  /** Live runs first, then kept ones, the last ended or imported first. */
  list(): RunView[] {
    const inMemory = [...this.runs.values()].reverse();
    const store = this.options.store;
    if (store === undefined) return inMemory.map(runView);
    const stored = store.list();
    const storedIds = new Set(stored.map((v) => v.id));
    return [
      ...inMemory.filter((r) => r.endedAt === undefined).map(runView),
      ...stored,
      // Ended, but its save failed: still shown while it is in memory.
      ...inMemory.filter((r) => r.endedAt !== undefined && !storedIds.has(r.id)).map(runView),
    ];
  }

  /** A run in this process (live, or just ended): what can be stopped, tuned or joined. */
  get(id: string): Run | undefined {
    return this.runs.get(id);
  }

  view(id: string): RunView | undefined {
    const run = this.runs.get(id);
    return run === undefined ? this.options.store?.view(id) : runView(run);
  }

  /** Frames, events and all, of any run (a live one as far as it has gone). */
  recorded(id: string): StoredRun | undefined {
    const run = this.runs.get(id);
    return run === undefined ? this.options.store?.get(id) : this.snapshot(run);
  }

  /** A live run cannot be deleted: stop it first. */
  delete(id: string): DeleteOutcome {
    const run = this.runs.get(id);
    if (run !== undefined && run.endedAt === undefined) return 'running';
    const fromStore = this.options.store?.delete(id) ?? false;
    const fromMemory = this.runs.delete(id);
    this.environments.delete(id);
    return fromStore || fromMemory ? 'deleted' : 'missing';
  }

  /** Keeps an export as a recording with an id of its own. Needs a store. */
  importRun(file: RunExport): RunView {
    const store = this.options.store;
    if (store === undefined) throw new Error('this server keeps no run history to import into');
    let id = newRunId();
    while (this.runs.has(id) || store.has(id)) id = newRunId();
    const stored = fromExport(file, id);
    store.save(stored);
    return stored.view;
  }

  /** Throws ParamsError naming every bad field. */
  validate(scenario: AnyScenario, params: unknown): Record<string, unknown> {
    return resolveParams(scenario.params, params) as Record<string, unknown>;
  }

  /** Throws ParamsError for bad params and RunLimitError when full. */
  start(scenario: AnyScenario, params: unknown, durationSec: number): Run {
    const resolved = this.validate(scenario, params);
    if (this.active.length >= this.options.maxRuns) throw new RunLimitError(this.options.maxRuns);
    const run = new Run(scenario, {
      params: resolved,
      durationSec,
      addresses: this.options.addresses,
      tickMs: this.options.tickMs,
      ...(this.options.journal ? { journal: this.options.journal } : {}),
    });
    this.runs.set(run.id, run);
    this.environments.set(run.id, this.options.environment?.() ?? UNKNOWN_ENVIRONMENT);
    this.prune();
    this.emit('started', run);
    run.done.then(
      (record) => this.finish(run, record),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.log?.error({ runId: run.id, err: error }, 'run failed while ending');
        this.finish(run, run.markFailed(reason));
      },
    );
    return run;
  }

  // Saved before `ended` is emitted: whoever hears of the end and reads the list finds it kept.
  private finish(run: Run, record: RunRecord): void {
    try {
      this.options.store?.save(this.snapshot(run));
    } catch (error) {
      this.options.log?.error({ runId: run.id, err: error }, 'run could not be saved');
    }
    this.prune();
    this.emit('ended', run, record);
  }

  private snapshot(run: Run): StoredRun {
    return {
      view: runView(run),
      scenario: recordedScenario(run.scenario),
      frames: [...run.frames] as Frame[],
      events: [...run.events] as RunEvent[],
      environment: this.environments.get(run.id) ?? UNKNOWN_ENVIRONMENT,
    };
  }

  /** What ended runs (or crashed processes) left that is still to delete. */
  pendingCleanups(): PendingCleanup[] {
    const journal = this.options.journal;
    if (journal === undefined) return [];
    return journal.pending(this.activeIds()).map((e) => ({
      runId: e.runId,
      scenario: e.scenario,
      resources: e.resources,
      lastError: e.cleanup?.lastError ?? null,
      attempts: e.cleanup?.attempts ?? 0,
      lastAttemptAt: e.cleanup?.lastAttemptAt ?? null,
      brokers: e.cleanup?.brokers ?? [],
    }));
  }

  /** Retries pending cleanups (those `broker` refused, when given), after any retry under way. */
  retryCleanups(broker?: BrokerName): Promise<RetryReport> {
    const journal = this.options.journal;
    if (journal === undefined) return Promise.resolve({ cleaned: [], failed: [] });
    return this.serially(() =>
      retryCleanups(this.options.addresses, journal, this.activeIds(), broker),
    );
  }

  /** Runs a cleanup job once those queued before it are done. */
  serially<T>(job: () => Promise<T>): Promise<T> {
    const next = this.cleanupQueue.then(job, job);
    this.cleanupQueue = next.catch(() => undefined);
    return next;
  }

  private prune(): void {
    const keep = this.options.keepFinished ?? (this.options.store === undefined ? 50 : 10);
    const finished = [...this.runs.values()].filter((r) => r.endedAt !== undefined);
    for (const run of finished.slice(0, Math.max(0, finished.length - keep))) {
      // One whose save failed stays: it is nowhere else.
      if (this.options.store !== undefined && !this.options.store.has(run.id)) continue;
      this.runs.delete(run.id);
      this.environments.delete(run.id);
    }
  }

  /** Stops every live run and waits (bounded by each run's finish budget) for their cleanup. */
  async shutdown(): Promise<void> {
    const live = this.active;
    for (const run of live) run.stop();
    await Promise.allSettled([...live.map((r) => r.done), this.cleanupQueue]);
  }
}
