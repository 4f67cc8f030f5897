// One execution of a scenario: builds its context, ticks its metrics into frames, enforces the
// duration, and, however it ends, evaluates the checks and deletes what it created.
import { EventEmitter, setMaxListeners } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Static, TObject } from '@sinclair/typebox';
import {
  MetricsRegistry,
  ResourceTracker,
  applyLiveChange,
  createNames,
  createPacer,
  createRandom,
  statusOf,
} from '../sdk/index.ts';
import type {
  AnyScenario,
  CheckStatus,
  Frame,
  EventOptions,
  RunContext,
  RunFacts,
  RunMarker,
  RunPhase,
  RunResources,
  RunTraces,
} from '../sdk/index.ts';
import { Redis } from 'ioredis';
import type { BrokerAddresses } from './addresses.ts';
import { RunBrokerClients } from './broker-clients.ts';
import { deleteResources } from './cleanup.ts';
import { RunPrivateInstances } from './private-instances.ts';
import { RunFaults } from './faults.ts';
import { RunShop, shopNames } from './shop/index.ts';
import type { RunJournal } from './journal.ts';
import { LEASE_TTL_MS, leaseKey } from './sweep.ts';
import { Timeline } from './timeline.ts';

export type RunState = 'running' | 'completed' | 'stopped' | 'failed';

export interface RunEvent {
  t: number;
  message: string;
  level: 'info' | 'warn';
}

export interface CheckOutcome {
  id: string;
  description: string;
  /** passed, failed, or not-applicable (the params rule the check out; not a failure). */
  status: CheckStatus;
  /** true only when status is passed (kept for clients that read a boolean). */
  passed: boolean;
  detail: string;
}

/** A live change: the fields it changed, with their new values, at `t` ms into the run. */
export interface ParamsChange {
  t: number;
  params: Record<string, unknown>;
}

export interface RunRecord {
  id: string;
  scenario: string;
  /** The params as they are now (after any live change). */
  params: Record<string, unknown>;
  /** The params the run started with: what "run again" repeats. */
  paramsAtStart: Record<string, unknown>;
  /** Every live change, in order. */
  changes: ParamsChange[];
  state: RunState;
  durationSec: number;
  /** How often the run folds its metrics into a frame; viewers size their time windows by it. */
  tickMs: number;
  startedAt: string;
  endedAt: string | null;
  error?: string;
  summary: Record<string, number>;
  facts: RunFacts;
  checks: CheckOutcome[];
  resources: RunResources;
  /** Named stretches of the run ('load', 'drain', …) the charts shade; the last ends with it. */
  phases: RunPhase[];
  /** Moments the charts draw a line at: live changes, narrated moments, faults. */
  markers: RunMarker[];
}

export interface RunOptions {
  params: Record<string, unknown>;
  durationSec: number;
  addresses: BrokerAddresses;
  tickMs?: number;
  journal?: RunJournal;
  /** How long a scenario may take to finish (drain, final accounting) once its load stops. */
  finishBudgetMs?: number;
}

// Narration is for a person to read: beyond this many a second, events are dropped and counted.
// A marked event (a moment, a fault or a params change on the charts) is always kept, up to the
// markers' cap: it is what the run is about, and scripts that follow a run (workshops, tests)
// wait on it.
const EVENTS_PER_SECOND = 5;
const MAX_EVENTS = 2000;
// The longest a stopped run waits for a start-up in flight (a three-node RabbitMQ cluster takes
// about 30 s on two busy cores) before its finish budget starts anyway.
const STARTUP_WAIT_MS = 120_000;

export function newRunId(): string {
  return randomBytes(6).toString('hex').slice(0, 10);
}

export interface RunEvents {
  frame: [Frame];
  event: [RunEvent];
  state: [RunRecord];
  params: [Record<string, unknown>];
  /** A phase began or a marker was added. */
  timeline: [];
}

export class Run extends EventEmitter<RunEvents> {
  readonly id = newRunId();
  readonly frames: Frame[] = [];
  readonly events: RunEvent[] = [];
  state: RunState = 'running';
  error: string | undefined;
  summary: Record<string, number> = {};
  readonly facts: RunFacts = {};
  checks: CheckOutcome[] = [];
  readonly startedAt = new Date();
  endedAt: Date | undefined;
  readonly tickMs: number;
  readonly done: Promise<RunRecord>;

  private params: Record<string, unknown>;
  private readonly paramsAtStart: Record<string, unknown>;
  private readonly changes: ParamsChange[] = [];
  private readonly timeline = new Timeline();
  private readonly resources: ResourceTracker;
  private readonly metrics: MetricsRegistry;
  private readonly controller = new AbortController();
  private readonly clients: RunBrokerClients;
  private readonly privateInstances: RunPrivateInstances;
  /** Links and nodes: the fault panel's routes reach them here. */
  readonly faults: RunFaults;
  private readonly shop: RunShop;
  /** Start-ups in flight (private instances, clusters, shop processes); see drive(). */
  private readonly startups = new Set<Promise<unknown>>();
  private readonly started = performance.now();
  private readonly maxFrames: number;
  private readonly paramListeners: ((changed: string[]) => void)[] = [];
  private healing: Promise<void> = Promise.resolve();
  private stopReason: 'duration' | 'stopped' | 'failed' | undefined;
  /** HTTP servers the scenario offers to the page (`ctx.exposeHttp`), by name. */
  private readonly httpEndpoints = new Map<string, string>();
  private eventWindowStart = 0;
  private eventsInWindow = 0;
  private droppedEvents = 0;

  constructor(
    readonly scenario: AnyScenario,
    private readonly options: RunOptions,
  ) {
    super();
    this.params = options.params;
    this.paramsAtStart = options.params;
    // Every pending sleep of every worker listens on the signal; dozens at once are expected.
    setMaxListeners(10_000, this.controller.signal);
    this.resources = new ResourceTracker(createNames(this.id).keyPrefix);
    this.metrics = new MetricsRegistry(scenario.metrics);
    this.faults = new RunFaults(
      this.id,
      (message) => {
        this.pushEvent(`fault: ${message}`, 'warn', this.mark(message, 'fault'));
      },
      () => !this.controller.signal.aborted,
      () => this.elapsedMs(),
    );
    this.clients = new RunBrokerClients(options.addresses, `playground-${this.id}`, this.faults);
    this.privateInstances = new RunPrivateInstances(this.id, this.faults, (message) =>
      this.pushEvent(message, 'info'),
    );
    this.shop = new RunShop({
      names: shopNames(createNames(this.id)),
      serviceSecret: randomBytes(16).toString('hex'),
      addresses: options.addresses,
      resources: this.resources,
      faults: this.faults,
      startProcess: (kind, opts) => this.startup(this.privateInstances.process(kind, opts)),
      // The same origin as elapsedMs(), so a span lines up with the charts' time axis.
      originEpochMs: performance.timeOrigin + this.started,
    });
    this.tickMs = options.tickMs ?? 250;
    this.maxFrames = Math.ceil((options.durationSec * 1000) / this.tickMs) + 200;
    this.done = this.execute(this.tickMs);
  }

  /** The traces the run's shop services exported, once one has started. */
  traces(): RunTraces | undefined {
    return this.shop.traces();
  }

  /** The base URL of an HTTP server the scenario exposed, while the scenario runs. */
  httpEndpoint(name: string): string | undefined {
    return this.httpEndpoints.get(name);
  }

  get currentParams(): Record<string, unknown> {
    return this.params;
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  /** Stops the load; the scenario then finishes and the run ends `stopped`. */
  stop(): void {
    this.abort('stopped');
  }

  fail(message: string): void {
    this.error ??= message;
    this.abort('failed');
  }

  updateParams(change: unknown): { params: Record<string, unknown>; changed: string[] } {
    const result = applyLiveChange(this.scenario.params, this.params as Static<TObject>, change);
    this.params = result.params;
    this.changes.push({
      t: this.elapsedMs(),
      params: Object.fromEntries(result.changed.map((f) => [f, this.params[f]])),
    });
    // No timeline event: the 'params' event below already sends viewers the whole record.
    const label = result.changed.map((f) => `${f}=${String(this.params[f])}`).join(', ');
    const marked = this.timeline.mark(this.elapsedMs(), label, 'change');
    for (const listener of this.paramListeners) listener(result.changed);
    this.emit('params', this.params);
    this.pushEvent(
      `params changed: ${result.changed.map((f) => `${f}=${String(this.params[f])}`).join(', ')}`,
      'info',
      marked,
    );
    return result;
  }

  record(): RunRecord {
    return {
      id: this.id,
      scenario: this.scenario.id,
      params: this.params,
      paramsAtStart: this.paramsAtStart,
      changes: this.changes,
      state: this.state,
      durationSec: this.options.durationSec,
      tickMs: this.tickMs,
      startedAt: this.startedAt.toISOString(),
      endedAt: this.endedAt?.toISOString() ?? null,
      ...(this.error === undefined ? {} : { error: this.error }),
      summary: this.state === 'running' ? (this.frames.at(-1)?.values ?? {}) : this.summary,
      facts: this.facts,
      checks: this.checks,
      resources: this.resources.snapshot(),
      phases: this.timeline.phases,
      markers: this.timeline.markers,
    };
  }

  /** Whether the marker was added (a run keeps at most 200). */
  private mark(label: string, kind?: RunMarker['kind']): boolean {
    const added = this.timeline.mark(this.elapsedMs(), label, kind);
    if (added) this.emit('timeline');
    return added;
  }

  private phase(name: string): void {
    if (this.timeline.phase(name, this.elapsedMs())) this.emit('timeline');
  }

  private abort(reason: 'duration' | 'stopped' | 'failed'): void {
    if (this.controller.signal.aborted) return;
    this.stopReason = reason;
    // The load stopped while the scenario still runs: what follows is its drain.
    if (this.timeline.phases.at(-1)?.endMs === null) this.phase('drain');
    this.controller.abort();
    this.healing = this.faults.heal().catch(() => undefined);
  }

  private pushEvent(message: string, level: 'info' | 'warn', keep = false): void {
    const t = this.elapsedMs();
    if (t - this.eventWindowStart >= 1000) {
      if (this.droppedEvents > 0) {
        const note: RunEvent = {
          t,
          message: `(${this.droppedEvents} more events not shown)`,
          level: 'info',
        };
        this.droppedEvents = 0;
        this.storeEvent(note);
      }
      this.eventWindowStart = t;
      this.eventsInWindow = 0;
    }
    if (this.eventsInWindow >= EVENTS_PER_SECOND && !keep) {
      this.droppedEvents++;
      return;
    }
    this.eventsInWindow++;
    this.storeEvent({ t, message, level });
  }

  private storeEvent(event: RunEvent): void {
    if (this.events.length >= MAX_EVENTS) this.events.shift();
    this.events.push(event);
    this.emit('event', event);
  }

  private tick(): void {
    const frame = this.metrics.fold(this.elapsedMs());
    if (this.frames.length >= this.maxFrames) this.frames.shift();
    this.frames.push(frame);
    this.emit('frame', frame);
  }

  private context(): RunContext<Static<TObject>> {
    const signal = this.controller.signal;
    const sleep = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    const seed = typeof this.params.seed === 'number' ? this.params.seed : 42;
    const currentParams = (): Static<TObject> => this.params as Static<TObject>;
    return {
      runId: this.id,
      get params() {
        return currentParams();
      },
      signal,
      durationMs: this.options.durationSec * 1000,
      elapsedMs: () => this.elapsedMs(),
      brokers: this.clients,
      names: createNames(this.id),
      resources: this.resources,
      metrics: this.metrics,
      event: (message, options?: 'info' | 'warn' | EventOptions) => {
        const { level = 'info', mark = false } =
          typeof options === 'string' ? { level: options } : (options ?? {});
        // Kept past the narration limit only while it makes a marker: markers are capped, so a
        // scenario that marks everything cannot flood the log.
        this.pushEvent(message, level, mark && this.mark(message, 'moment'));
      },
      phase: (name) => this.phase(name),
      mark: (label, kind) => this.mark(label, kind),
      fact: (key, value) => {
        this.facts[key] = value;
      },
      pacer: (rate) => createPacer(rate, signal, sleep),
      sleep,
      onParamsChange: (listener) => this.paramListeners.push(listener),
      random: createRandom(seed),
      privateRedis: (settings) => this.startup(this.privateInstances.redis(settings)),
      privateRabbitmq: (settings) => this.startup(this.privateInstances.rabbitmq(settings)),
      privateKafka: (settings) => this.startup(this.privateInstances.kafka(settings)),
      privateRedisSentinel: (settings) =>
        this.startup(this.privateInstances.redisSentinel(settings)),
      privateRedisCluster: (settings) => this.startup(this.privateInstances.redisCluster(settings)),
      privateKafkaCluster: (settings) => this.startup(this.privateInstances.kafkaCluster(settings)),
      privateRabbitmqCluster: (settings) =>
        this.startup(this.privateInstances.rabbitmqCluster(settings)),
      privateNginx: (settings) => this.startup(this.privateInstances.nginx(settings)),
      exposeHttp: (name, baseUrl) => {
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
          throw new Error(`exposeHttp: "${name}" is not a kebab-case name`);
        }
        this.httpEndpoints.set(name, new URL(baseUrl).origin);
      },
      faults: this.faults,
      shop: this.shop,
    };
  }

  /**
   * Ends the run failed when its own ending went wrong (a journal that cannot be written, say),
   * so it does not count as live forever; the reason is kept with any earlier error.
   */
  markFailed(reason: string): RunRecord {
    this.abort('failed');
    this.error = this.error === undefined ? reason : `${this.error}; then ${reason}`;
    if (this.endedAt === undefined) {
      this.state = 'failed';
      this.endedAt = new Date();
      this.emit('state', this.record());
    }
    return this.record();
  }

  // The run reports `running` (and counts as live) until its cleanup is done: a state that says
  // it ended while its topics and keys are still being deleted would let a new run start early.
  private async execute(tickMs: number): Promise<RunRecord> {
    this.clients.onFailure = (error) => this.fail(`broker connection lost: ${error.message}`);
    let lease: { release(): Promise<void> } | undefined;
    let outcome: RunState;
    try {
      this.journalResources();
      this.resources.onChange(() => this.journalResources());
      lease = await this.holdLease();
      await this.clients.openLinks(this.scenario.brokers);
      outcome = await this.drive(tickMs);
      this.tick();
      this.summary = this.metrics.summary();
      if (outcome !== 'failed') this.evaluateChecks();
      await this.healing;
      // Before the cleanup: a service still consuming would keep its group from being deleted.
      await this.shop.close();
      await this.clients.closeAll();
      await this.cleanUp();
    } finally {
      // Also when something above threw: nothing of the run may keep going.
      this.abort('failed');
      await this.clients.closeAll().catch(() => undefined);
      await this.shop.close().catch(() => undefined);
      // However the run ended (overrun included): its private processes and their data go.
      await this.privateInstances.closeAll().catch((error: Error) => {
        this.pushEvent(`private instances not removed: ${error.message}`, 'warn');
      });
      // Last: the cluster clients closed above went through these proxies.
      await this.faults.closeAll().catch(() => undefined);
      await lease?.release();
    }
    this.state = outcome;
    this.endedAt = new Date();
    const record = this.record();
    this.emit('state', record);
    return record;
  }

  /** Runs the scenario until it returns, throws or overstays its finish budget. */
  /** Registers a start-up in flight (a private instance, a cluster, a shop process). */
  private startup<T>(starting: Promise<T>): Promise<T> {
    this.startups.add(starting);
    const done = (): void => void this.startups.delete(starting);
    starting.then(done, done);
    return starting;
  }

  private async drive(tickMs: number): Promise<RunState> {
    const ticker = setInterval(() => this.tick(), tickMs);
    const durationTimer = setTimeout(() => this.abort('duration'), this.options.durationSec * 1000);
    const finishBudget = this.options.finishBudgetMs ?? 8000;
    try {
      const running = this.scenario.run(this.context());
      // Once the load stops the scenario has a bounded time to drain and count.
      const overdue = new Promise<never>((_, reject) => {
        // A start-up in flight when the load stops (a cluster forming, a node booting) cannot be
        // cut short: the budget counts from its end, so a run stopped early is not failed for it.
        const arm = (): void => {
          let waiting: NodeJS.Timeout | undefined;
          const bounded = new Promise((r) => (waiting = setTimeout(r, STARTUP_WAIT_MS)));
          void running.finally(() => clearTimeout(waiting)).catch(() => undefined);
          void Promise.race([Promise.allSettled([...this.startups]), bounded]).then(() => {
            clearTimeout(waiting);
            armBudget();
          });
        };
        const armBudget = (): void => {
          const t = setTimeout(
            () =>
              reject(
                new Error(
                  `scenario did not finish within ${finishBudget / 1000} s of being stopped`,
                ),
              ),
            finishBudget,
          );
          void running.finally(() => clearTimeout(t)).catch(() => undefined);
        };
        if (this.controller.signal.aborted) arm();
        else this.controller.signal.addEventListener('abort', arm, { once: true });
      });
      await Promise.race([running, overdue]);
    } catch (error) {
      this.error ??= error instanceof Error ? error.message : String(error);
      this.stopReason = 'failed';
    } finally {
      clearTimeout(durationTimer);
      clearInterval(ticker);
      // The scenario is done: its last phase (the drain, usually) ends here, before the abort
      // below could open a drain with nothing in it.
      this.timeline.end(this.elapsedMs());
      // Whatever the scenario exposed has closed with it (or is about to): no more forwarding.
      this.httpEndpoints.clear();
      this.abort(this.stopReason ?? 'duration');
    }
    return this.stopReason === 'failed'
      ? 'failed'
      : this.stopReason === 'stopped'
        ? 'stopped'
        : 'completed';
  }

  private journalResources(): void {
    this.options.journal?.write({
      runId: this.id,
      pid: process.pid,
      scenario: this.scenario.id,
      resources: this.resources.snapshot(),
    });
  }

  /** A cleanup that fails keeps the run's journal entry, marked so it is retried. */
  private async cleanUp(): Promise<void> {
    const resources = this.resources.snapshot();
    const cleanup = await deleteResources(resources, this.options.addresses);
    const journal = this.options.journal;
    if (cleanup.errors.length > 0) {
      this.pushEvent(`cleanup incomplete: ${cleanup.errors.join('; ')}`, 'warn');
      journal?.noteCleanupFailure(
        { runId: this.id, pid: process.pid, scenario: this.scenario.id, resources },
        cleanup.errors,
      );
    } else {
      journal?.remove(this.id);
    }
  }

  private evaluateChecks(): void {
    const finished = {
      params: this.params as Static<TObject>,
      summary: this.summary,
      facts: this.facts,
      durationMs: this.elapsedMs(),
    };
    this.checks = this.scenario.checks.map((check) => {
      try {
        const result = check.evaluate(finished);
        const status = statusOf(result);
        return {
          id: check.id,
          description: check.description,
          status,
          passed: status === 'passed',
          detail: result.detail,
        };
      } catch (error) {
        return {
          id: check.id,
          description: check.description,
          status: 'failed' as const,
          passed: false,
          detail: `check failed to evaluate: ${(error as Error).message}`,
        };
      }
    });
  }

  /** A lease in Redis tells a start-up sweep in any process that this run is alive. */
  private async holdLease(): Promise<{ release(): Promise<void> } | undefined> {
    const redis = new Redis(this.options.addresses.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => (times > 20 ? null : 500),
      connectTimeout: 2000,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch {
      redis.disconnect();
      return undefined;
    }
    const key = leaseKey(this.id);
    const refresh = (): void =>
      void redis.set(key, String(process.pid), 'PX', LEASE_TTL_MS).catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, LEASE_TTL_MS / 3);
    return {
      release: async () => {
        clearInterval(timer);
        await redis.del(key).catch(() => undefined);
        redis.disconnect();
      },
    };
  }
}
