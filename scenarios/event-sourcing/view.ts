import type { Consumer, Kafka } from 'kafkajs';
import type { Tally } from '../src/sdk/kafka/index.ts';
import { applyEvent, decodeEvent } from './events.ts';

// A short long-poll keeps the view current and its stop prompt.
const MAX_WAIT_TIME_MS = 100;

export interface ViewOptions {
  kafka: Kafka;
  topic: string;
  /** A new group for each generation of the view, so it starts from offset 0. */
  groupId: string;
  partitions: number;
  /** An event was applied; `replay` while the view is still below the log end it set out for. */
  onApplied: (replay: boolean) => void;
  onError: (error: unknown) => void;
}

/**
 * The read model: a consumer folding the events into balances, from the first offset on. A new
 * generation replays the whole log (until it reaches the offsets it set out for, it is
 * rebuilding), then keeps up with new events as the live view.
 */
export class BalanceView {
  readonly balances: Tally = new Map();
  /** By partition, the offset after the last event applied. */
  readonly next: number[];
  private consumer: Consumer | undefined;
  private replayUntil: readonly number[] = [];

  constructor(private readonly options: ViewOptions) {
    this.next = Array.from({ length: options.partitions }, () => 0);
  }

  /** Starts reading from offset 0; events below `replayUntil` count as the replay. */
  async start(replayUntil: readonly number[]): Promise<void> {
    this.replayUntil = replayUntil;
    const { kafka, groupId, topic } = this.options;
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.options.onError(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        const event = decodeEvent(message.value);
        if (event !== undefined) applyEvent(this.balances, event);
        this.next[partition] = offset + 1;
        this.options.onApplied(offset < (this.replayUntil[partition] ?? 0));
      },
    });
  }

  /** True once every partition is read up to `ends`. */
  reached(ends: readonly number[]): boolean {
    return ends.every((end, p) => (this.next[p] ?? 0) >= end);
  }

  /** Events in the log the view has not applied yet. */
  behind(ends: readonly number[]): number {
    return ends.reduce((sum, end, p) => sum + Math.max(0, end - (this.next[p] ?? 0)), 0);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }
}
