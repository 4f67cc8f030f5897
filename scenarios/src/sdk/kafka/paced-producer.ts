import { Partitioners } from 'kafkajs';
import type { Kafka, Message, PartitionMetadata, Producer, ProducerConfig } from 'kafkajs';
import type { Pacer } from '../pacer.ts';
import type { Counter } from '../recorders.ts';
import { encodePayload, nowMs } from './payload.ts';

// What accumulates while one send is in flight goes out as the next send: one request per message
// at low rates, batches at high ones, and never more than one request outstanding, so the
// acknowledged counts are exact and each partition's records are written in sequence order.
const MAX_BATCH = 1000;
const MAX_PENDING = 5000;

export interface PacedProducerOptions {
  producer: Producer;
  topic: string;
  partitions: number;
  /**
   * The key of record `seq`; the partition is then Kafka's default for that key (murmur2, as the
   * Java client). Without it records go round-robin, so each partition gets an equal share.
   */
  key?: (seq: number) => string;
  /** Incremented by the number of records Kafka acknowledged, as each send returns. */
  acked?: Counter;
  /** A send failed; what was queued is dropped and the caller decides what happens next. */
  onError: (error: unknown) => void;
}

/** A producer for the paced producer: no topic auto-creation, and kafkajs's partitioner notice silenced. */
export function newProducer(kafka: Kafka, config: ProducerConfig = {}): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...config,
  });
}

/** The partition Kafka's default partitioner picks for `key` on a topic of `partitions`. */
export function partitionForKey(key: string, partitions: number): number {
  return keyPartitioner({
    topic: '',
    partitionMetadata: metadataFor(partitions),
    message: { key, value: null },
  });
}

const keyPartitioner = Partitioners.DefaultPartitioner();
const metadataCache = new Map<number, PartitionMetadata[]>();
function metadataFor(partitions: number): PartitionMetadata[] {
  let metadata = metadataCache.get(partitions);
  if (metadata === undefined) {
    metadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }));
    metadataCache.set(partitions, metadata);
  }
  return metadata;
}

/**
 * Writes records at a pacer's rate (a live rate change applies at the next record) and counts
 * what Kafka acknowledged, in all and per partition. Each record names its partition, so the
 * per-partition count is the producer's own and can be held against the broker's log-end offsets.
 */
export class PacedProducer {
  private pending: Message[] = [];
  private pendingPartitions: number[] = [];
  private flushing: Promise<void> | undefined;
  private nextSeq = 0;
  private readonly ackedBy: number[];
  private ackedTotal = 0;

  constructor(private readonly options: PacedProducerOptions) {
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

  /** Records queued so far (the next sequence number). */
  get queued(): number {
    return this.nextSeq;
  }

  /** Queues records at the pacer's rate until it says stop, `stop` aborts or `failed` resolves. */
  async run(pacer: Pacer, stop: AbortSignal, failed: Promise<false>): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      stop.addEventListener('abort', () => resolve(), { once: true });
    });
    while (await Promise.race([pacer.wait(), failed])) {
      this.queue();
      // Kafka is slower than the pacer (or away): wait for it rather than queue without bound.
      if (this.pending.length >= MAX_PENDING) await Promise.race([this.flushing, failed, stopped]);
    }
  }

  /** Resolves once what was queued has been sent, or after `timeoutMs`. */
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

  private queue(): void {
    const { key, partitions } = this.options;
    const seq = this.nextSeq++;
    const value = encodePayload({ seq, sentAt: nowMs() });
    if (key === undefined) {
      this.push({ partition: seq % partitions, value });
    } else {
      const k = key(seq);
      this.push({ key: k, partition: partitionForKey(k, partitions), value });
    }
    this.flushing ??= this.flush();
  }

  private push(message: Message & { partition: number }): void {
    this.pending.push(message);
    this.pendingPartitions.push(message.partition);
  }

  private async flush(): Promise<void> {
    const { producer, topic, acked, onError } = this.options;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        const partitions = this.pendingPartitions.splice(0, MAX_BATCH);
        await producer.send({ topic, messages: batch });
        for (const p of partitions) this.ackedBy[p] = (this.ackedBy[p] ?? 0) + 1;
        this.ackedTotal += batch.length;
        acked?.inc(batch.length);
      }
    } catch (error) {
      this.pending = [];
      this.pendingPartitions = [];
      onError(error);
    } finally {
      this.flushing = undefined;
    }
  }
}
