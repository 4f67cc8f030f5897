// The aggregator: the scenario's own consumer of the log topic. It knows the services only by
// what they shipped, and keeps per service the requests, error logs and every duration.
import type { Consumer, Kafka } from 'kafkajs';
import { ServiceTallies } from './tally.ts';
import type { Shipped } from './tally.ts';

const MAX_WAIT_TIME_MS = 100;

export interface LogAggregatorOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  partitions: number;
  onRecord(record: Shipped): void;
  onError(error: unknown): void;
}

export class LogAggregator {
  readonly tallies = new ServiceTallies();
  /** By partition, the offset after the last record read. */
  readonly next: number[];
  private consumer: Consumer | undefined;

  constructor(private readonly o: LogAggregatorOptions) {
    this.next = Array.from({ length: o.partitions }, () => 0);
  }

  async start(): Promise<void> {
    const consumer = this.o.kafka.consumer({
      groupId: this.o.groupId,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.o.onError(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.o.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.next[partition] = Number(message.offset) + 1;
        const record = this.tallies.add(message.value);
        if (record !== undefined) this.o.onRecord(record);
      },
    });
  }

  /** Read up to `ends` (by partition) on every partition. */
  reached(ends: readonly number[]): boolean {
    return ends.every((end, p) => (this.next[p] ?? 0) >= end);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }
}

/** A ratio of two running totals over the last `windowMs`, from samples of the totals. */
export class WindowedRatio {
  private readonly samples: { at: number; part: number; whole: number }[] = [];

  constructor(private readonly windowMs: number) {}

  /** Adds a sample at `at` ms; the ratio since the oldest sample within the window. */
  sample(at: number, part: number, whole: number): number | undefined {
    this.samples.push({ at, part, whole });
    while ((this.samples[1]?.at ?? Infinity) <= at - this.windowMs) this.samples.shift();
    const oldest = this.samples[0] as { part: number; whole: number };
    const over = whole - oldest.whole;
    return over > 0 ? (part - oldest.part) / over : undefined;
  }
}
