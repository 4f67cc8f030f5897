// One of the two producers: the same paced, numbered workload, sent with its own `acks`. It keeps
// when each id was acknowledged, so the end can tell which acknowledged records a full read of
// the topic no longer has, and whether they were acknowledged before the kill.
import type { Kafka, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import { Throttle } from '../src/sdk/narration.ts';
import { RecordSender, encodePayload, nowMs } from '../src/sdk/kafka/index.ts';
import { ACKS, ACKS_LABEL } from './facts.ts';
import type { ProducerName } from './facts.ts';
import type { KafkaReplicationParams } from './params.ts';

interface Sent {
  id: number;
  sentAt: number;
}

export class AcksProducer {
  /** Id → when Kafka acknowledged it (ms into the run). */
  readonly ackedAt = new Map<number, number>();
  private readonly producer: Producer;
  private sender: RecordSender<Sent> | undefined;
  private nextId = 0;
  private readonly errorNotes = new Throttle(2_000);

  constructor(
    private readonly ctx: RunContext<KafkaReplicationParams>,
    readonly name: ProducerName,
    kafka: Kafka,
    readonly topic: string,
  ) {
    // Not idempotent: acks=1 does not allow it, and both must send the same way.
    this.producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    const acks = ACKS[this.name];
    // The record sender's one send in flight, with this producer's acks on every request.
    const withAcks: Producer = {
      ...this.producer,
      send: (record) => this.producer.send({ ...record, acks }),
    };
    const m = this.ctx.metrics;
    const acked = m.counter(`acked.${this.name}`);
    const total = m.counter('acked');
    const latency = m.histogram(`latency.${this.name}`);
    const errors = m.counter(`sendErrors.${this.name}`);
    this.sender = new RecordSender<Sent>({
      producer: withAcks,
      topic: this.topic,
      partitions: this.ctx.params.partitions,
      onAcked: (records) => {
        const at = this.ctx.elapsedMs();
        const now = nowMs();
        for (const r of records) {
          this.ackedAt.set(r.meta.id, at);
          latency.record(now - r.meta.sentAt);
        }
        acked.inc(records.length);
        total.inc(records.length);
      },
      onError: (error) => {
        errors.inc();
        if (this.errorNotes.allow(this.name)) {
          this.ctx.event(
            `${ACKS_LABEL[this.name]}: a send failed after retries (${(error as Error).message}); its records are not counted`,
            'warn',
          );
        }
      },
    });
  }

  /** Sends numbered records at the run's rate until the load stops. */
  async run(): Promise<void> {
    const sender = this.sender;
    if (!sender) throw new Error(`${this.name} is not connected`);
    const pacer = this.ctx.pacer(() => this.ctx.params.messagesPerSec);
    while (await pacer.wait()) {
      const id = this.nextId++;
      const sentAt = nowMs();
      sender.send({ value: encodePayload({ seq: id, sentAt }), meta: { id, sentAt } });
    }
  }

  /** Waits for the send in flight, at most `ms`. */
  async finish(ms: number): Promise<void> {
    await this.sender?.finish(ms);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
