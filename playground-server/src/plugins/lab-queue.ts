// Comparisons run one at a time: two loads at once on this machine would measure each other.
// The queue hands each to the injected runner in turn, keeps the running one's progress and its
// current target's samples for late viewers, saves every result (a runner that throws still
// leaves a failed result saying why) and tells its listeners.
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import type { Static } from '@sinclair/typebox';
import type { BrokerAddresses, RunJournal } from '@playground/scenarios/engine';
import { summarize } from '../../../scenarios/src/lab/store.ts';
import { emptyResult } from '../../../scenarios/src/lab/target-run.ts';
import type { ComparisonSummary } from '../../../scenarios/src/lab/store.ts';
import type { ComparisonSummarySchema } from '../../../scenarios/src/sdk/lab-schemas.ts';
import type {
  ComparisonResult,
  LabProgress,
  LabQueue,
  LabSample,
  QueuedComparison,
  TargetId,
  TargetPlan,
  TargetResult,
  Workload,
} from '../../../scenarios/src/sdk/lab-schemas.ts';

/** What `runComparison` (scenarios/src/lab/runner.ts) is given. */
export interface RunComparisonOptions {
  /** The comparison's id; a runner that makes its own has it replaced by this one. */
  id: string;
  workload: Workload;
  targets: TargetId[];
  addresses: BrokerAddresses;
  signal: AbortSignal;
  onProgress(progress: LabProgress): void;
  onSample(sample: LabSample): void;
  /** Where the server's start-up sweep reads what a crashed comparison left behind. */
  journal?: RunJournal;
}

export type RunComparison = (options: RunComparisonOptions) => Promise<ComparisonResult>;

/** Where results are kept (LabStore, scenarios/src/lab/store.ts). */
export interface LabResultStore {
  save(result: ComparisonResult): void;
  /** Newest first. */
  list(): ComparisonSummary[];
  get(id: string): ComparisonResult | undefined;
  /** False when there was none. */
  delete(id: string): boolean;
}

/** A target as the lab lists it (scenarios/src/lab/targets/index.ts). */
export interface LabTargetInfo {
  id: TargetId;
  title: string;
  plan(workload: Workload): TargetPlan;
}

export interface LabQueueListener {
  queue(queue: LabQueue): void;
  progress(progress: LabProgress): void;
  sample(comparison: string, sample: LabSample): void;
  done(summary: ComparisonSummary): void;
}

interface Entry {
  id: string;
  workload: Workload;
  targets: TargetId[];
  controller: AbortController;
}

export class LabRunQueue {
  private readonly waiting: Entry[] = [];
  private running: Entry | undefined;
  private current: Promise<void> | undefined;
  private progress: LabProgress | null = null;
  private samples: LabSample[] = [];
  private readonly listeners = new Set<LabQueueListener>();

  constructor(
    private readonly options: {
      runComparison: RunComparison;
      store: LabResultStore;
      targets: readonly LabTargetInfo[];
      addresses: BrokerAddresses;
      journal?: RunJournal;
      log(error: unknown, message: string): void;
    },
  ) {}

  listen(listener: LabQueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(workload: Workload, targets: TargetId[]): QueuedComparison {
    const entry: Entry = {
      id: randomUUID().replaceAll('-', '').slice(0, 10),
      workload,
      targets,
      controller: new AbortController(),
    };
    this.waiting.push(entry);
    this.changed();
    // When nothing runs the drain takes this one at once: the answer says so.
    this.current ??= this.drain();
    return (
      this.entry(entry.id) ?? {
        id: entry.id,
        workload: workload.name,
        targets,
        state: 'queued',
        position: this.waiting.length,
      }
    );
  }

  entry(id: string): QueuedComparison | undefined {
    return this.view().queue.find((q) => q.id === id);
  }

  view(): LabQueue {
    const queue: QueuedComparison[] = [];
    const add = (e: Entry, state: 'queued' | 'running') =>
      queue.push({
        id: e.id,
        workload: e.workload.name,
        targets: e.targets,
        state,
        position: queue.length + (this.running === undefined ? 1 : 0),
      });
    if (this.running) add(this.running, 'running');
    for (const e of this.waiting) add(e, 'queued');
    return { queue, progress: this.progress, samples: this.samples };
  }

  /** A running comparison is aborted (its result is saved as stopped); a queued one is dropped. */
  stop(id: string): 'stopping' | 'cancelled' | 'missing' {
    if (this.running?.id === id) {
      this.running.controller.abort();
      return 'stopping';
    }
    const at = this.waiting.findIndex((e) => e.id === id);
    if (at < 0) return 'missing';
    this.waiting.splice(at, 1);
    this.changed();
    return 'cancelled';
  }

  /** Drops what waits, stops what runs and waits for its teardown. */
  async close(): Promise<void> {
    this.waiting.length = 0;
    this.running?.controller.abort();
    await this.current;
  }

  private async drain(): Promise<void> {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      this.running = next;
      this.progress = null;
      this.samples = [];
      this.changed();
      const result = await this.run(next);
      try {
        this.options.store.save(result);
      } catch (error) {
        this.options.log(error, `comparison ${next.id}: its result could not be saved`);
      }
      this.running = undefined;
      this.progress = null;
      this.samples = [];
      const summary = summarize(result);
      for (const l of this.listeners) l.done(summary);
      this.changed();
    }
    this.current = undefined;
  }

  private async run(entry: Entry): Promise<ComparisonResult> {
    const startedAt = new Date().toISOString();
    try {
      const result = await this.options.runComparison({
        id: entry.id,
        workload: entry.workload,
        targets: entry.targets,
        addresses: this.options.addresses,
        ...(this.options.journal ? { journal: this.options.journal } : {}),
        signal: entry.controller.signal,
        onProgress: (progress) => {
          const own = { ...progress, comparison: entry.id };
          // A new target starts its charts afresh.
          if (own.target !== this.progress?.target) this.samples = [];
          this.progress = own;
          for (const l of this.listeners) l.progress(own);
        },
        onSample: (sample) => {
          this.samples.push(sample);
          for (const l of this.listeners) l.sample(entry.id, sample);
        },
      });
      return { ...result, id: entry.id };
    } catch (error) {
      this.options.log(error, `comparison ${entry.id} failed`);
      return this.failed(entry, startedAt, error);
    }
  }

  /** The runner threw: every target failed, with the reason. */
  private failed(entry: Entry, startedAt: string, error: unknown): ComparisonResult {
    const reason = error instanceof Error ? error.message : String(error);
    const targets: TargetResult[] = entry.targets.map((id) => {
      const info = this.options.targets.find((t) => t.id === id);
      const plan = info?.plan(entry.workload) ?? { mapping: [], cannot: [] };
      return {
        ...emptyResult({ id, title: info?.title ?? id }, plan),
        status: 'failed',
        error: reason,
      };
    });
    return {
      id: entry.id,
      workload: entry.workload,
      startedAt,
      endedAt: new Date().toISOString(),
      state: 'failed',
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      targets,
    };
  }

  private changed(): void {
    const view = this.view();
    for (const l of this.listeners) l.queue(view);
  }
}

// The API's summary schema and the store's summary must not drift apart.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type SummaryAgreement = Holds<
  Mutual<Static<typeof ComparisonSummarySchema>, ComparisonSummary>
>;
