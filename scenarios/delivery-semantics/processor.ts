import type { Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import type { Counter } from '../src/sdk/index.ts';
import type { DeliveryMode } from './params.ts';

// The broker holds each fetch until it has this much or the wait is up, so a chunk is about
// 200 ms of input (at most commitEvery records) rather than the one record that just arrived.
const MIN_BYTES = 64 * 1024;
const MAX_WAIT_TIME_MS = 200;

export interface CrashReport {
  /** 1 for the first instance's crash, 2 for the next… */
  crash: number;
  mode: DeliveryMode;
  /** Records of the chunk in hand handled before the crash, out of its size. */
  handled: number;
  chunk: number;
  /** at-most-once: committed past but never processed. */
  skipped: number;
  /** at-least-once: output written since the last commit, to be written again. */
  redone: number;
  /** exactly-once: output written in the transaction the crash left open. */
  aborted: number;
}

export interface ProcessorOptions {
  kafka: Kafka;
  input: string;
  output: string;
  groupId: string;
  /** Namespaced to the run: each new instance's producer fences the previous one's. */
  transactionalId: string;
  mode: DeliveryMode;
  commitEvery: () => number;
  /** Records per instance before it crashes; 0: never. Read per chunk. */
  crashEvery: () => number;
  counters: {
    output: Counter;
    crashes: Counter;
    skipped: Counter;
    redone: Counter;
    aborted: Counter;
  };
  onCrash: (report: CrashReport) => void;
  onError: (error: unknown) => void;
}

interface Instance {
  consumer: Consumer;
  producer: Producer;
  processed: number;
  crashed: boolean;
}

/**
 * Consume-transform-produce: reads the input topic, writes one output record per input record
 * (the same id), and commits its input offsets in the order its mode says. Every `crashEvery`
 * records the instance dies in the middle of a chunk (no commit, no clean end; it leaves the
 * group at once rather than holding its partitions for a session timeout) and a new one
 * resumes from the offsets Kafka holds for the group.
 */
export class Processor {
  private instance: Instance | undefined;
  private restarting: Promise<void> = Promise.resolve();
  private stopped = false;
  private crashesEnabled = true;

  constructor(private readonly options: ProcessorOptions) {}

  async start(): Promise<void> {
    this.instance = await this.launch();
  }

  /** No more crashes: the load has stopped and the processor must finish the input. */
  stopCrashing(): void {
    this.crashesEnabled = false;
  }

  /** A clean stop: the chunk in hand is finished (committed) before the consumer leaves. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarting;
    const instance = this.instance;
    this.instance = undefined;
    if (instance === undefined) return;
    await instance.consumer.disconnect().catch(() => undefined);
    await instance.producer.disconnect().catch(() => undefined);
  }

  private async launch(): Promise<Instance> {
    const { kafka, groupId, input, mode, transactionalId } = this.options;
    const consumer = kafka.consumer({
      groupId,
      minBytes: MIN_BYTES,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      allowAutoTopicCreation: false,
    });
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      // Idempotent in every mode, so the only duplicates are the ones the commit order makes.
      idempotent: true,
      maxInFlightRequests: 1,
      ...(mode === 'exactly-once' ? { transactionalId } : {}),
      // A transaction's first send is refused (CONCURRENT_TRANSACTIONS) until the previous
      // one's commit markers are written, a few milliseconds; the client's 200 ms first retry
      // would cap the processor near 4 transactions a second. The Java client waits 20 ms.
      retry: { initialRetryTime: 10, maxRetryTime: 500, retries: 10 },
    });
    const instance: Instance = { consumer, producer, processed: 0, crashed: false };
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && !instance.crashed && !this.stopped)
        this.options.onError(payload.error);
    });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [input], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handle(instance, payload),
    });
    return instance;
  }

  private async handle(instance: Instance, payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale, resolveOffset, heartbeat } = payload;
    const { mode, output, input, groupId, counters } = this.options;
    const { consumer, producer } = instance;
    const messages = batch.messages;
    for (let i = 0; i < messages.length;) {
      if (instance.crashed || !isRunning() || isStale()) return;
      const chunk = messages.slice(i, i + Math.max(1, this.options.commitEvery()));
      i += chunk.length;
      const next = String(Number(chunk[chunk.length - 1]?.offset ?? 0) + 1);
      const every = this.crashesEnabled && !this.stopped ? this.options.crashEvery() : 0;
      const budget = every > 0 ? Math.max(0, every - instance.processed) : Number.POSITIVE_INFINITY;
      const crashing = budget < chunk.length;
      const work = crashing ? chunk.slice(0, budget) : chunk;
      const out: Message[] = work.map((m) => ({
        key: m.key,
        value: m.value,
        partition: batch.partition,
      }));
      const offsets = [{ topic: input, partition: batch.partition, offset: next }];

      if (mode === 'at-most-once') {
        await consumer.commitOffsets(offsets);
        if (out.length > 0) await producer.send({ topic: output, messages: out });
        counters.output.inc(out.length);
        instance.processed += work.length;
        if (crashing) return this.crash(instance, chunk.length, work.length);
      } else if (mode === 'at-least-once') {
        if (out.length > 0) await producer.send({ topic: output, messages: out });
        counters.output.inc(out.length);
        instance.processed += work.length;
        if (crashing) return this.crash(instance, chunk.length, work.length);
        await consumer.commitOffsets(offsets);
      } else {
        const transaction = await producer.transaction();
        try {
          if (out.length > 0) await transaction.send({ topic: output, messages: out });
          instance.processed += work.length;
          // The transaction is left open, as a process that died would leave it.
          if (crashing) return this.crash(instance, chunk.length, work.length);
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic: input, partitions: [{ partition: batch.partition, offset: next }] }],
          });
          await transaction.commit();
          counters.output.inc(out.length);
        } catch (error) {
          if (transaction.isActive()) await transaction.abort().catch(() => undefined);
          throw error;
        }
      }
      // kafkajs fetches from the last resolved offset: unresolved, the chunk would come again.
      resolveOffset(chunk[chunk.length - 1]?.offset ?? '0');
      await heartbeat();
    }
  }

  /** The instance dies with the chunk in hand; a new one starts from the committed offsets. */
  private crash(instance: Instance, chunk: number, handled: number): void {
    const { mode, counters } = this.options;
    instance.crashed = true;
    counters.crashes.inc();
    const report: CrashReport = {
      crash: counters.crashes.total,
      mode,
      handled,
      chunk,
      skipped: mode === 'at-most-once' ? chunk - handled : 0,
      redone: mode === 'at-least-once' ? handled : 0,
      aborted: mode === 'exactly-once' ? handled : 0,
    };
    counters.skipped.inc(report.skipped);
    counters.redone.inc(report.redone);
    counters.aborted.inc(report.aborted);
    this.options.onCrash(report);
    // Not awaited here: the consumer's disconnect waits for this very batch handler to return.
    this.restarting = this.restarting.then(async () => {
      await instance.consumer.disconnect().catch(() => undefined);
      // Its producer goes without ending its transaction; the next one's fences it.
      await instance.producer.disconnect().catch(() => undefined);
      if (this.stopped) return;
      try {
        this.instance = await this.launch();
      } catch (error) {
        if (!this.stopped) this.options.onError(error);
      }
    });
  }
}
