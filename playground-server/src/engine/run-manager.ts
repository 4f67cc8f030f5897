// Starts, stops and keeps runs: at most `maxRuns` at once, finished ones kept for viewing
// (the most recent `keepFinished`), and every live run stopped when the server shuts down.
import { EventEmitter } from 'node:events';
import type { AnyScenario } from '@playground/scenarios/sdk';
import { resolveParams } from '@playground/scenarios/sdk';
import type { BrokerAddresses, RunJournal, RunRecord } from '@playground/scenarios/engine';

import { Run } from '@playground/scenarios/engine';

export class RunLimitError extends Error {
  constructor(readonly limit: number) {
    super(`at most ${limit} runs may go at once; stop one or wait for one to finish`);
    this.name = 'RunLimitError';
  }
}

export interface RunManagerOptions {
  addresses: BrokerAddresses;
  maxRuns: number;
  tickMs: number;
  journal?: RunJournal;
  keepFinished?: number;
}

export interface RunManagerEvents {
  started: [Run];
  ended: [Run, RunRecord];
}

export class RunManager extends EventEmitter<RunManagerEvents> {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly options: RunManagerOptions) {
    super();
  }

  get active(): Run[] {
    return [...this.runs.values()].filter((r) => r.state === 'running');
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
    void run.done.then((record) => this.emit('ended', run, record));
    return run;
  }

  private prune(): void {
    const keep = this.options.keepFinished ?? 50;
    const finished = [...this.runs.values()].filter((r) => r.state !== 'running');
    for (const run of finished.slice(0, Math.max(0, finished.length - keep)))
      this.runs.delete(run.id);
  }

  /** Stops every live run and waits (bounded by each run's finish budget) for their cleanup. */
  async shutdown(): Promise<void> {
    const live = this.active;
    for (const run of live) run.stop();
    await Promise.allSettled(live.map((r) => r.done));
  }
}
