import type { Message, Producer } from 'kafkajs';
import { partitionForKey } from './paced-producer.ts';

// As the paced producer: what accumulates while one send is in flight goes out as the next send,
// so records reach each partition in the order they were given and the acknowledged tallies are
// exact.
const MAX_BATCH = 1000;

export interface OutgoingRecord<M> {
  /** The partition is Kafka's default for the key (murmur2); without a key, round-robin. */
  key?: string;
  value: string;
  /** The record's timestamp (epoch ms), which a seek by time finds; default: when it was given. */
  timestamp?: number;
  /** What the caller wants back when Kafka acknowledges the record (its own tally's entry). */
  meta: M;
}

export interface AckedRecord<M> {
  partition: number;
  timestamp: number;
  meta: M;
}

export interface RecordSenderOptions<M> {
  producer: Producer;
  topic: string;
  partitions: number;
  /** Kafka acknowledged these records, in the order they were given. */
  onAcked: (records: readonly AckedRecord<M>[]) => void;
  /** A send failed; what was queued is dropped and the caller decides what happens next. */
  onError: (error: unknown) => void;
}

/**
 * Sends records of the caller's making (keyed, timestamped, JSON or anything) with at most one
 * request in flight, and hands back each acknowledged record's `meta`, so a scenario keeps a
 * tally of exactly what Kafka holds: a ledger, per-window counts. The paced producer's sibling
 * for scenarios whose records carry more than a sequence number.
 */
export class RecordSender<M> {
  private pending: { message: Message; acked: AckedRecord<M> }[] = [];
  private flushing: Promise<void> | undefined;
  private nextPartition = 0;
  private ackedTotal = 0;
  private readonly ackedBy: number[];

  constructor(private readonly options: RecordSenderOptions<M>) {
    this.ackedBy = Array.from({ length: options.partitions }, () => 0);
  }

  /** Records Kafka acknowledged. */
  get acked(): number {
    return this.ackedTotal;
  }

  /** Records Kafka acknowledged, indexed by partition. */
  get ackedByPartition(): readonly number[] {
    return this.ackedBy;
  }

  /** Records given but not yet acknowledged. */
  get backlog(): number {
    return this.pending.length;
  }

  /** Queues a record; it goes out with the next send. */
  send(record: OutgoingRecord<M>): void {
    const { partitions } = this.options;
    const partition =
      record.key === undefined
        ? this.nextPartition++ % partitions
        : partitionForKey(record.key, partitions);
    const timestamp = Math.floor(record.timestamp ?? Date.now());
    this.pending.push({
      message: {
        key: record.key ?? null,
        value: record.value,
        partition,
        timestamp: String(timestamp),
      },
      acked: { partition, timestamp, meta: record.meta },
    });
    this.flushing ??= this.flush();
  }

  /** Resolves when the send in flight (and what queued behind it) is done; at once if none. */
  async idle(): Promise<void> {
    await this.flushing;
  }

  /** Resolves once everything given has been sent, or after `timeoutMs`. */
  async finish(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flushing,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async flush(): Promise<void> {
    const { producer, topic, onAcked, onError } = this.options;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        await producer.send({ topic, messages: batch.map((r) => r.message) });
        for (const r of batch)
          this.ackedBy[r.acked.partition] = (this.ackedBy[r.acked.partition] ?? 0) + 1;
        this.ackedTotal += batch.length;
        onAcked(batch.map((r) => r.acked));
      }
    } catch (error) {
      this.pending = [];
      onError(error);
    } finally {
      this.flushing = undefined;
    }
  }
}
