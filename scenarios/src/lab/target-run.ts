// One target's part of a comparison: its load generators (worker threads, or this thread for
// tests), its books, its phases — setup, warm-up, measure, drain (or produce, then consume, in
// the backlog mode), teardown however it ended — and the result the report shows.
import { availableParallelism } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '../sdk/poll.ts';
import { correctness, Tally } from './accounting.ts';
import type {
  AgentCommand,
  AgentEvent,
  AgentSetup,
  ConsumerFinal,
  ProducerFinal,
} from './agent.ts';
import { inThreadLink, splitRoles, workerLink } from './agent-link.ts';
import type { AgentLink } from './agent-link.ts';
import { brokerProcesses } from './broker-processes.ts';
import { nowMs } from './clock.ts';
import type { LatencyHistogram } from './latency.ts';
import { labNames } from './names.ts';
import { ProcSampler } from './proc-sampler.ts';
import type { LabPhase, LabSample, LatencyReport, TargetResult } from './report.ts';
import type { RunComparisonOptions } from './runner.ts';
import type { Target, TargetContext, TargetEnvironment, TargetId, TargetPlan } from './target.ts';

const SETUP_MS = 60_000;
// A three-node cluster on two shared cores: RabbitMQ's took up to 20 s, Kafka's up to 18 s.
const ENVIRONMENT_MS = 120_000;
const READY_MS = 60_000;
const FINAL_MS = 20_000;
const TEARDOWN_MS = 30_000;
const SAMPLE_MS = 1000;

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  const timeout = new AbortController();
  try {
    return await Promise.race([
      work,
      delay(ms, undefined, { signal: timeout.signal }).then(() => {
        throw new Error(`${what} took longer than ${ms / 1000} s`);
      }),
    ]);
  } finally {
    timeout.abort();
  }
}

export function emptyResult(
  target: { id: TargetId; title: string },
  plan: TargetPlan,
): TargetResult {
  return {
    target: target.id,
    title: target.title,
    plan,
    status: 'completed',
    measuredSec: 0,
    publish: { messages: 0, perSec: 0, mbPerSec: 0, errors: 0 },
    consume: { messages: 0, perSec: 0, mbPerSec: 0 },
    publishLatency: null,
    endToEndLatency: null,
    backlogMax: 0,
    drainMs: null,
    resources: [],
    orderingViolations: null,
    losses: null,
    duplicates: null,
    samples: [],
  };
}

function latencyReport(h: LatencyHistogram): LatencyReport | null {
  if (h.count === 0) return null;
  return { ...h.summary(), distribution: h.distribution() };
}

/** One target's run: its agents, its books, its phases. */
export class TargetRun {
  private readonly tally: Tally;
  private readonly links: AgentLink[] = [];
  private ctx: TargetContext;
  private environment: TargetEnvironment | undefined;
  /** Aborted by an agent's failure or the comparison's stop: ends a timed phase early. */
  private readonly abort = new AbortController();
  /** Aborted by an agent's failure only: ends any wait. */
  private readonly failed = new AbortController();
  private failure: string | undefined;
  private drainFrom: number | undefined;
  private phase: LabPhase = 'setup';
  private phaseStart = nowMs();
  private phaseLength: number | null = null;
  private readonly startedAt = nowMs();
  private lastSampleAt = nowMs();
  private readonly counts = { ready: 0, producersDone: 0, consumersStarted: 0, finals: 0 };
  private readonly producerFinals: ProducerFinal[] = [];
  private readonly consumerFinals: ConsumerFinal[] = [];
  private readonly result: TargetResult;
  private sampler: ProcSampler | undefined;
  tornDown = false;
  private readonly onStop = (): void => this.abort.abort();

  constructor(
    private readonly options: RunComparisonOptions,
    private readonly comparisonId: string,
    private readonly target: Target,
    private readonly index: number,
    private readonly of: number,
  ) {
    this.tally = new Tally(options.workload);
    this.ctx = {
      workload: options.workload,
      names: labNames({ comparisonId, target: target.id, broker: target.broker }),
      addresses: options.addresses,
    };
    this.result = emptyResult(target, { mapping: [], cannot: [] });
  }

  async run(): Promise<TargetResult> {
    const { result } = this;
    try {
      result.plan = this.target.plan(this.options.workload);
    } catch (error) {
      return { ...result, status: 'failed', error: `plan: ${message(error)}` };
    }
    if (result.plan.unsupported !== undefined) {
      this.tornDown = true;
      return { ...result, status: 'unsupported', error: result.plan.unsupported };
    }
    let timer: NodeJS.Timeout | undefined;
    this.options.signal?.addEventListener('abort', this.onStop, { once: true });
    try {
      this.enter('setup', null);
      if (this.target.environment) {
        const progress = (detail: string): void => this.progress(detail);
        const starting = this.target.environment(this.comparisonId, progress);
        // Closed however the run ends, even when the start outlives its bound.
        starting.then((env) => (this.environment = env)).catch(() => undefined);
        const env = await within(ENVIRONMENT_MS, 'starting its brokers', starting);
        this.ctx = { ...this.ctx, addresses: { ...this.ctx.addresses, ...env.addresses } };
      }
      await within(SETUP_MS, 'setup', this.target.setup(this.ctx));
      // Some plans say what setup found on the broker (Redis's persistence settings).
      result.plan = this.target.plan(this.options.workload);
      this.startAgents();
      await this.until(
        () => this.counts.ready === this.links.length,
        READY_MS,
        'opening the clients',
      );
      this.sampler = new ProcSampler(
        this.environment?.processes ??
          (await brokerProcesses(this.target.broker, this.options.addresses)),
      );
      timer = setInterval(() => this.sample(), SAMPLE_MS);
      // Stopped while the clients were opening: no load, but they are closed before teardown.
      if (!this.stopped()) {
        if (this.options.workload.backlog) await this.backlogPhases();
        else await this.steadyPhases();
      }
      await this.finish();
      this.account();
      if (this.stopped()) {
        // A stopped run was not drained: what it did not deliver is not known to be lost.
        result.status = 'stopped';
        result.losses = null;
      }
    } catch (error) {
      result.status = this.stopped() && this.failure === undefined ? 'stopped' : 'failed';
      result.error = this.failure ?? message(error);
    } finally {
      this.options.signal?.removeEventListener('abort', this.onStop);
      clearInterval(timer);
      await Promise.allSettled(this.links.map((l) => l.stop()));
      result.resources = this.sampler?.use() ?? [];
      this.enter('teardown', null);
      try {
        await within(TEARDOWN_MS, 'teardown', this.target.teardown(this.ctx));
        this.tornDown = true;
      } catch (error) {
        result.status = 'failed';
        result.error = [result.error, `teardown: ${message(error)}`].filter(Boolean).join('; ');
      }
      // Its own brokers go last: teardown talked to them.
      await this.environment?.close().catch((error: unknown) => {
        result.error = [result.error, `stopping its brokers: ${message(error)}`]
          .filter(Boolean)
          .join('; ');
      });
    }
    return result;
  }

  private startAgents(): void {
    const { workload } = this.options;
    const threads = this.options.threads ?? Math.min(4, availableParallelism());
    const override = this.options.override?.[this.target.id];
    const shares = splitRoles(workload, threads === 0 ? 1 : threads);
    for (const share of shares) {
      const setup: AgentSetup = {
        workload,
        names: {
          comparisonId: this.comparisonId,
          target: this.target.id,
          broker: this.target.broker,
        },
        addresses: this.ctx.addresses,
        producers: share.producers,
        consumers: share.consumers,
        deferConsumers: workload.backlog,
        tickMs: SAMPLE_MS,
      };
      const onEvent = (event: AgentEvent): void => this.onEvent(event);
      this.links.push(
        threads === 0
          ? inThreadLink(this.target, setup, onEvent)
          : workerLink(setup, typeof override === 'string' ? override : undefined, onEvent),
      );
    }
  }

  private onEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'ready':
        this.counts.ready++;
        return;
      case 'tick':
        this.tally.add(event);
        this.result.backlogMax = Math.max(this.result.backlogMax, this.tally.backlog());
        return;
      case 'producers-done':
        this.counts.producersDone++;
        return;
      case 'consumers-started':
        this.counts.consumersStarted++;
        return;
      case 'final':
        this.counts.finals++;
        this.producerFinals.push(...event.producers);
        this.consumerFinals.push(...event.consumers);
        return;
      case 'failed':
        this.failure ??= event.message;
        this.abort.abort();
        this.failed.abort();
        return;
    }
  }

  private broadcast(command: AgentCommand): void {
    for (const link of this.links) link.send(command);
  }

  private stopped(): boolean {
    return this.options.signal?.aborted === true;
  }

  /**
   * Waits for the agents; an agent's failure ends the wait at once. Past the bound it throws,
   * unless `optional` (the drain: consumers that do not catch up are a result, not a failure).
   */
  private async until(
    condition: () => boolean,
    withinMs: number,
    what: string,
    optional = false,
  ): Promise<void> {
    const held = await waitFor(condition, { withinMs, everyMs: 20, signal: this.failed.signal });
    if (this.failure !== undefined) throw new Error(this.failure);
    if (!held && !optional) throw new Error(`${what} took longer than ${withinMs / 1000} s`);
  }

  /** A timed phase; returns early when the run is stopped or an agent fails. */
  private async hold(seconds: number): Promise<void> {
    await delay(seconds * 1000, undefined, { signal: this.abort.signal }).catch(() => undefined);
    if (this.failure !== undefined) throw new Error(this.failure);
  }

  private enter(phase: LabPhase, lengthSec: number | null): void {
    this.phase = phase;
    this.phaseStart = nowMs();
    this.phaseLength = lengthSec;
    if (phase !== 'setup' && phase !== 'teardown') this.broadcast({ type: 'phase', phase });
    if (this.sampler !== undefined)
      this.sampler.counting = phase !== 'warmup' && phase !== 'teardown';
    this.progress('');
  }

  private async steadyPhases(): Promise<void> {
    const { workload } = this.options;
    const warmup = workload.warmupDurationSeconds;
    this.enter(
      warmup > 0 ? 'warmup' : 'measure',
      warmup > 0 ? warmup : workload.testDurationSeconds,
    );
    this.broadcast({ type: 'produce' });
    if (warmup > 0) {
      await this.hold(warmup);
      this.enter('measure', workload.testDurationSeconds);
    }
    const measureStart = nowMs();
    if (!this.abort.signal.aborted) await this.hold(workload.testDurationSeconds);
    this.broadcast({ type: 'stop-producers' });
    await this.until(
      () => this.counts.producersDone === this.links.length,
      FINAL_MS,
      'stopping the producers',
    );
    this.result.measuredSec = (nowMs() - measureStart) / 1000;
    if (this.stopped()) return;
    this.enter('drain', null);
    const drainMs = this.options.drainMs ?? 5000;
    await this.until(() => this.tally.caughtUp() || this.stopped(), drainMs, 'draining', true);
  }

  private async backlogPhases(): Promise<void> {
    const { workload } = this.options;
    this.enter('produce', workload.testDurationSeconds);
    const produceStart = nowMs();
    this.broadcast({ type: 'produce' });
    await this.hold(workload.testDurationSeconds);
    this.broadcast({ type: 'stop-producers' });
    await this.until(
      () => this.counts.producersDone === this.links.length,
      FINAL_MS,
      'stopping the producers',
    );
    this.result.measuredSec = (nowMs() - produceStart) / 1000;
    if (this.stopped()) return;
    this.enter('consume', null);
    // The drain is timed from here: a consumer's connecting and joining are part of catching up.
    this.drainFrom = nowMs();
    this.broadcast({ type: 'consume' });
    const bound = Math.min(300, Math.max(30, workload.testDurationSeconds * 3)) * 1000;
    await this.until(
      () => this.counts.consumersStarted === this.links.length,
      READY_MS,
      'opening the consumers',
    );
    await this.until(() => this.tally.caughtUp() || this.stopped(), bound, 'draining', true);
  }

  private async finish(): Promise<void> {
    this.broadcast({ type: 'finish' });
    await this.until(
      () => this.counts.finals === this.links.length,
      FINAL_MS,
      'closing the clients',
    );
    this.sample();
  }

  /** The report's numbers, from the books and the agents' final bitsets. */
  private account(): void {
    const { result, tally } = this;
    const { workload } = this.options;
    const seconds = result.measuredSec;
    const rate = (n: number, s: number): number => (s > 0 ? Math.round(n / s) : 0);
    const mb = (bytes: number, s: number): number =>
      s > 0 ? Math.round((bytes / 1e6 / s) * 100) / 100 : 0;
    result.publish = {
      messages: tally.published,
      perSec: rate(tally.published, seconds),
      mbPerSec: mb(tally.publishedBytes, seconds),
      errors: tally.errors,
    };
    const lastAt = Math.max(0, ...this.consumerFinals.map((c) => c.lastAtMs));
    if (this.drainFrom !== undefined && lastAt > this.drainFrom)
      result.drainMs = Math.round(lastAt - this.drainFrom);
    const consumeSec = workload.backlog ? (result.drainMs ?? 0) / 1000 : seconds;
    result.consume = {
      messages: tally.consumed,
      perSec: rate(tally.consumed, consumeSec),
      mbPerSec: mb(tally.consumedBytes, consumeSec),
    };
    result.publishLatency = latencyReport(tally.publishLatency);
    result.endToEndLatency = latencyReport(tally.endToEnd);
    const books = correctness(workload, this.producerFinals, this.consumerFinals);
    result.losses = workload.measure.losses ? books.losses : null;
    result.duplicates = workload.measure.duplicates ? books.duplicates : null;
    result.orderingViolations = workload.measure.ordering ? books.orderingViolations : null;
    if (books.firstError !== undefined) result.error = `first publish error: ${books.firstError}`;
  }

  private sample(): void {
    const at = nowMs();
    const seconds = Math.max(0.001, (at - this.lastSampleAt) / 1000);
    this.lastSampleAt = at;
    const w = this.tally.takeWindow();
    const backlog = Math.max(0, this.tally.backlog());
    this.result.backlogMax = Math.max(this.result.backlogMax, backlog);
    const broker = this.sampler?.sample() ?? { cpuPercent: null, rssMb: null };
    const sample: LabSample = {
      target: this.target.id,
      t: Math.round(at - this.startedAt),
      phase: this.phase,
      publishPerSec: Math.round(w.published / seconds),
      consumePerSec: Math.round(w.consumed / seconds),
      backlog,
      publishP99Ms: w.publishLatency.count > 0 ? w.publishLatency.summary().p99 : null,
      endToEndP99Ms: w.endToEnd.count > 0 ? w.endToEnd.summary().p99 : null,
      brokerCpuPercent: broker.cpuPercent === null ? null : Math.round(broker.cpuPercent),
      brokerRssMb: broker.rssMb === null ? null : Math.round(broker.rssMb),
    };
    this.result.samples.push(sample);
    this.options.onSample?.(sample);
    this.progress(
      `${sample.publishPerSec} pub/s · ${sample.consumePerSec} con/s · backlog ${backlog}`,
    );
  }

  private progress(detail: string): void {
    this.options.onProgress?.({
      comparison: this.comparisonId,
      target: this.target.id,
      index: this.index,
      of: this.of,
      phase: this.phase,
      elapsedSec: Math.round((nowMs() - this.phaseStart) / 100) / 10,
      totalSec: this.phaseLength,
      message: detail,
    });
  }
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
