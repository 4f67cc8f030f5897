// A load generator's share of one target's run: some producers and consumers, driven by the
// driver's loops, reporting each second what they did since the last report (counts and interval
// histograms) and at the end their bitsets, from which the runner computes losses and duplicates.
// The same class runs inside a worker thread (worker.ts) and, for tests, in the main thread.
import type { BrokerAddresses } from '../engine/addresses.ts';
import { driveConsumer, driveProducer, newProducerRun } from './driver.ts';
import type { ConsumerRun, ProducerRun } from './driver.ts';
import { LatencyHistogram } from './latency.ts';
import type { LabNamesSpec } from './names.ts';
import type { LabPhase } from './report.ts';
import type { LabConsumer, LabProducer, Target, TargetContext } from './target.ts';
import { ratePerProducer } from './workload.ts';
import type { Workload } from './workload.ts';

export interface ProducerRole {
  topic: number;
  /** Among the topic's producers. */
  index: number;
  /** Across the run: the number stamped into its messages. */
  number: number;
}

export interface ConsumerRole {
  topic: number;
  sub: number;
  /** Among the subscription's consumers. */
  index: number;
}

export interface AgentSetup {
  workload: Workload;
  names: LabNamesSpec;
  addresses: BrokerAddresses;
  producers: ProducerRole[];
  consumers: ConsumerRole[];
  /** Consumers open only on `consume` (the backlog mode). */
  deferConsumers: boolean;
  tickMs: number;
}

export type AgentCommand =
  | { type: 'produce' }
  | { type: 'phase'; phase: LabPhase }
  | { type: 'stop-producers' }
  | { type: 'consume' }
  | { type: 'finish' };

/** What happened since the previous tick, all under one phase. */
export interface AgentTick {
  type: 'tick';
  phase: LabPhase;
  /** Acknowledged, per topic. */
  published: number[];
  publishedBytes: number;
  errors: number;
  /** Delivered, per subscription (index topic × subscriptionsPerTopic + sub). */
  consumed: number[];
  consumedBytes: number;
  /** Encoded interval histograms (null: nothing recorded). */
  publishLatency: string | null;
  endToEnd: string | null;
}

export interface ProducerFinal {
  number: number;
  topic: number;
  sent: number;
  /** SeenSet bytes of the acknowledged sequence numbers. */
  acked: Uint8Array;
  firstError?: string;
}

export interface ConsumerFinal {
  topic: number;
  sub: number;
  received: number;
  duplicates: number;
  outOfOrder: number;
  lastAtMs: number;
  seen: { producer: number; bits: Uint8Array }[];
}

export type AgentEvent =
  | { type: 'ready' }
  | AgentTick
  | { type: 'producers-done' }
  | { type: 'consumers-started' }
  | { type: 'final'; producers: ProducerFinal[]; consumers: ConsumerFinal[] }
  | { type: 'failed'; message: string };

interface Producing {
  role: ProducerRole;
  producer: LabProducer;
  run: ProducerRun;
  last: { acked: number; errors: number; bytes: number };
}

interface Consuming {
  role: ConsumerRole;
  consumer: LabConsumer;
  run: ConsumerRun;
  last: { received: number; bytes: number };
}

export class LoadAgent {
  private readonly producing: Producing[] = [];
  private readonly consuming: Consuming[] = [];
  private phase: LabPhase = 'setup';
  private timer: NodeJS.Timeout | undefined;
  private readonly stopProducing = new AbortController();
  private loops: Promise<unknown> | undefined;
  private finished = false;

  constructor(
    private readonly target: Target,
    private readonly ctx: TargetContext,
    private readonly setup: AgentSetup,
    private readonly post: (event: AgentEvent) => void,
  ) {}

  /** Opens the producers (and the consumers, unless deferred), then reports ready. */
  async open(): Promise<void> {
    await this.guard(async () => {
      for (const role of this.setup.producers) {
        const producer = await this.target.openProducer(this.ctx, role.topic, role.index);
        this.producing.push({
          role,
          producer,
          run: newProducerRun(),
          last: { acked: 0, errors: 0, bytes: 0 },
        });
      }
      if (!this.setup.deferConsumers) await this.openConsumers();
      this.timer = setInterval(() => this.tick(), this.setup.tickMs);
      this.post({ type: 'ready' });
    });
  }

  handle(command: AgentCommand): void {
    switch (command.type) {
      case 'produce':
        this.produce();
        return;
      case 'phase':
        // What was done so far belongs to the phase that is ending.
        this.tick();
        this.phase = command.phase;
        return;
      case 'stop-producers':
        void this.guard(async () => {
          await this.endProducers();
          this.post({ type: 'producers-done' });
        });
        return;
      case 'consume':
        void this.guard(async () => {
          await this.openConsumers();
          this.post({ type: 'consumers-started' });
        });
        return;
      case 'finish':
        void this.finish();
        return;
    }
  }

  private produce(): void {
    const { workload } = this.setup;
    const window = this.target.window(workload);
    const rate = ratePerProducer(workload);
    const signal = this.stopProducing.signal;
    this.loops = Promise.all(
      this.producing.map((p) =>
        driveProducer(p.producer, {
          workload,
          producer: p.role.number,
          topic: p.role.topic,
          rate,
          window,
          signal,
          into: p.run,
        }),
      ),
    ).catch((error: unknown) => this.fail(error));
  }

  private async endProducers(): Promise<void> {
    this.stopProducing.abort();
    await this.loops;
    this.tick();
  }

  private async openConsumers(): Promise<void> {
    for (const role of this.setup.consumers) {
      const consumer = await this.target.openConsumer(this.ctx, role.topic, role.sub, role.index);
      const { run, started } = await driveConsumer(consumer, this.setup.workload);
      this.consuming.push({ role, consumer, run, last: { received: 0, bytes: 0 } });
      await started;
    }
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.guard(async () => {
      await this.endProducers();
      clearInterval(this.timer);
      const closing = [
        ...this.consuming.map((c) => c.consumer.close()),
        ...this.producing.map((p) => p.producer.close()),
      ];
      const closed = await Promise.allSettled(closing);
      this.tick();
      this.post({
        type: 'final',
        producers: this.producing.map((p) => ({
          number: p.role.number,
          topic: p.role.topic,
          sent: p.run.counts.sent,
          acked: p.run.acked.toBytes(),
          ...(p.run.firstError === undefined ? {} : { firstError: p.run.firstError }),
        })),
        consumers: this.consuming.map((c) => ({
          topic: c.role.topic,
          sub: c.role.sub,
          received: c.run.received,
          duplicates: c.run.duplicates,
          outOfOrder: c.run.outOfOrder,
          lastAtMs: c.run.lastAtMs,
          seen: [...c.run.seen].map(([producer, set]) => ({ producer, bits: set.toBytes() })),
        })),
      });
      const refused = closed.find((r) => r.status === 'rejected');
      if (refused !== undefined) throw refused.reason;
    });
  }

  /** Posts what changed since the last tick (nothing when nothing did). */
  private tick(): void {
    const { workload } = this.setup;
    const published = new Array<number>(workload.topics).fill(0);
    const consumed = new Array<number>(workload.topics * workload.subscriptionsPerTopic).fill(0);
    let publishedBytes = 0;
    let errors = 0;
    let consumedBytes = 0;
    const publishLatency = new LatencyHistogram();
    const endToEnd = new LatencyHistogram();
    for (const p of this.producing) {
      const { acked, errors: failed, bytes } = p.run.counts;
      published[p.role.topic]! += acked - p.last.acked;
      errors += failed - p.last.errors;
      publishedBytes += bytes - p.last.bytes;
      p.last = { acked, errors: failed, bytes };
      if (p.run.publishLatency.count > 0) {
        publishLatency.merge(p.run.publishLatency.encode());
        p.run.publishLatency.reset();
      }
    }
    for (const c of this.consuming) {
      const index = c.role.topic * workload.subscriptionsPerTopic + c.role.sub;
      consumed[index]! += c.run.received - c.last.received;
      consumedBytes += c.run.bytes - c.last.bytes;
      c.last = { received: c.run.received, bytes: c.run.bytes };
      if (c.run.endToEnd.count > 0) {
        endToEnd.merge(c.run.endToEnd.encode());
        c.run.endToEnd.reset();
      }
    }
    const any = (xs: number[]): boolean => xs.some((x) => x !== 0);
    if (!any(published) && !any(consumed) && errors === 0) return;
    this.post({
      type: 'tick',
      phase: this.phase,
      published,
      publishedBytes,
      errors,
      consumed,
      consumedBytes,
      publishLatency: publishLatency.count > 0 ? publishLatency.encode() : null,
      endToEnd: endToEnd.count > 0 ? endToEnd.encode() : null,
    });
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    clearInterval(this.timer);
    this.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
