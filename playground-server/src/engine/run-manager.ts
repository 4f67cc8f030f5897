// Starts, stops and keeps runs: at most `maxRuns` at once, finished ones kept for viewing
// (the most recent `keepFinished`), and every live run stopped when the server shuts down.
// A run counts as live until its cleanup is done; what a run could not delete stays in the
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

import { Run, retryCleanups } from '@playground/scenarios/engine';

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
}

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

  list(): Run[] {
    return [...this.runs.values()].reverse();
  }

  get(id: string): Run | undefined {
    return this.runs.get(id);
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
    this.prune();
    this.emit('started', run);
    run.done.then(
      (record) => this.emit('ended', run, record),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.log?.error({ runId: run.id, err: error }, 'run failed while ending');
        this.emit('ended', run, run.markFailed(reason));
      },
    );
    return run;
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
    const keep = this.options.keepFinished ?? 50;
    const finished = [...this.runs.values()].filter((r) => r.endedAt !== undefined);
    for (const run of finished.slice(0, Math.max(0, finished.length - keep)))
      this.runs.delete(run.id);
  }

  /** Stops every live run and waits (bounded by each run's finish budget) for their cleanup. */
  async shutdown(): Promise<void> {
    const live = this.active;
    for (const run of live) run.stop();
    await Promise.allSettled([...live.map((r) => r.done), this.cleanupQueue]);
  }
}
