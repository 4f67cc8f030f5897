// The Kafka side: two producers side by side, the same in everything but idempotence, each
// writing numbered records to a topic of its own through the run's Kafka link. Each keeps the
// ids Kafka acknowledged and the Produce requests it wrote, so the end of the run can hold a
// full read of each topic against them.
import type { Kafka, Producer } from 'kafkajs';
import { SeenSet } from '../src/sdk/index.ts';
import { encodePayload, nowMs } from '../src/sdk/kafka/index.ts';

export type ProducerKind = 'plain' | 'idempotent';
export const PRODUCER_KINDS: readonly ProducerKind[] = ['plain', 'idempotent'];

// Retries on, patiently: a send that meets a cut connection keeps trying for several seconds,
// as a real producer would, so the fault costs time rather than records.
const RETRY = { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 };

export class CountedProducer {
  readonly producer: Producer;
  /** Ids Kafka acknowledged. */
  readonly acked = new SeenSet();
  /** Produce requests written to the wire, first tries and retries alike. */
  produceWrites = 0;
  sendsOk = 0;
  sendsFailed = 0;
  /** Sends given to kafkajs and not yet settled. */
  pending = 0;
  private nextId = 0;

  constructor(
    readonly kind: ProducerKind,
    readonly topic: string,
    kafka: (onProduce: () => void) => Kafka,
    private readonly batchSize: number,
  ) {
    const client = kafka(() => this.produceWrites++);
    // One request in flight for both, so a cut connection can only ever have cut one written
    // request; the only difference left between the two is idempotence.
    this.producer = client.producer({
      idempotent: kind === 'idempotent',
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: RETRY,
    });
  }

  /** Ids handed out so far (0 … issued − 1). */
  get issued(): number {
    return this.nextId;
  }

  /** Produce requests written beyond one per successful send: kafkajs's retries. */
  get resends(): number {
    return Math.max(0, this.produceWrites - this.sendsOk);
  }

  /** Sends one request of `batchSize` new ids, acks=all; resolves when Kafka acknowledges it. */
  async send(): Promise<void> {
    const ids = Array.from({ length: this.batchSize }, () => this.nextId++);
    const sentAt = nowMs();
    this.pending++;
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: ids.map((seq) => ({ value: encodePayload({ seq, sentAt }) })),
      });
      for (const id of ids) this.acked.add(id);
      this.sendsOk++;
    } catch (error) {
      this.sendsFailed++;
      throw error;
    } finally {
      this.pending--;
    }
  }
}

/** What a full read of a producer's topic found, id by id, against what it was told. */
export interface ReadTally {
  records: number;
  distinct: number;
  /** Copies beyond the first. */
  duplicates: number;
  /** Acknowledged ids the read did not find. */
  lost: number;
  /** Ids in the log the producer never saw acknowledged (a send that gave up after writing). */
  unacknowledged: number;
}

export function tallyRead(copies: ReadonlyMap<number, number>, acked: SeenSet): ReadTally {
  let records = 0;
  let duplicates = 0;
  let unacknowledged = 0;
  let foundAcked = 0;
  for (const [id, n] of copies) {
    records += n;
    duplicates += n - 1;
    if (acked.has(id)) foundAcked++;
    else unacknowledged++;
  }
  return {
    records,
    distinct: copies.size,
    duplicates,
    lost: acked.size - foundAcked,
    unacknowledged,
  };
}
