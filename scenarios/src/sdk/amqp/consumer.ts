import { setTimeout as delay } from 'node:timers/promises';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Counter, Histogram } from '../recorders.ts';
import { closeQuietly } from './close-quietly.ts';
import { decodeMessage, nowMs } from './message.ts';
import type { DecodedMessage } from './message.ts';
import { SeenSet } from '../seen-set.ts';

/** Recorders the consumer bumps on each delivery, for the charts. */
export interface ConsumerRecorders {
  /** Each is bumped once per delivery: e.g. this consumer's own counter and a total. */
  delivered?: readonly Counter[];
  duplicates?: Counter;
  /** Deliveries RabbitMQ flagged as redelivered (it had handed them out before). */
  redelivered?: Counter;
  /** Publish → delivery, from the send time in the body. */
  latency?: Histogram;
}

export interface CountingConsumerOptions {
  queue: string;
  /** 'manual' acks each message once processed; 'auto' lets RabbitMQ forget it on sending. */
  ack?: 'manual' | 'auto';
  /** Unacked messages RabbitMQ lets this consumer hold (manual ack only). */
  prefetch?: number;
  /** Time spent on each message before acking it; read per message so it can change live. */
  delayMs?: () => number;
  /** Defaults to a timer the consumer cancels when it closes; pass `ctx.sleep` in a run. */
  sleep?: (ms: number) => Promise<void>;
  /** Sequence numbers seen so far; share one between consumers to catch a redelivery that
   * lands on another consumer (work queues). */
  seen?: SeenSet;
  recorders?: ConsumerRecorders;
  /** Arguments of basic.consume, e.g. `{ 'x-stream-offset': 'first' }` on a stream. */
  consumeArguments?: Record<string, unknown>;
  /** Called with each delivery once it is counted (a stream's offset is in its headers). */
  onDelivery?: (msg: ConsumeMessage, decoded: DecodedMessage | undefined) => void;
  /** Called as work on a message begins, after any wait in this consumer's prefetch buffer:
   * the moment a job stops waiting (work queues, priorities). */
  onProcessing?: (msg: ConsumeMessage) => void;
  /** Called once a message is processed and acked (under manual ack). */
  onProcessed?: (msg: ConsumeMessage) => void;
  onError: (error: unknown) => void;
}

/**
 * One queue's consumer. Deliveries are counted and checked the moment they arrive (that is
 * delivery, as RabbitMQ counts it); acks follow once the message is "processed", in order.
 */
export class CountingConsumer {
  readonly seen: SeenSet;
  delivered = 0;
  /** Deliveries of a sequence number already in `seen`. */
  duplicates = 0;
  redelivered = 0;
  /** Bodies that are not the kit's encoding. */
  malformed = 0;
  /** Delivered and not yet processed: under manual ack, what RabbitMQ counts as unacked. */
  pending = 0;
  private readonly backlog: ConsumeMessage[] = [];
  private readonly manual: boolean;
  private readonly stopping = new AbortController();
  private working = false;
  private stopped = false;
  private consumerTag: string | undefined;

  constructor(
    private readonly channel: Channel,
    private readonly options: CountingConsumerOptions,
  ) {
    this.seen = options.seen ?? new SeenSet();
    this.manual = (options.ack ?? 'manual') === 'manual';
  }

  async start(): Promise<void> {
    if (this.manual && this.options.prefetch !== undefined) {
      await this.channel.prefetch(this.options.prefetch);
    }
    const { consumerTag } = await this.channel.consume(
      this.options.queue,
      (msg) => this.onMessage(msg),
      {
        noAck: !this.manual,
        ...(this.options.consumeArguments === undefined
          ? {}
          : { arguments: this.options.consumeArguments }),
      },
    );
    this.consumerTag = consumerTag;
  }

  /**
   * Asks RabbitMQ to send no more (basic.cancel) and resolves on its cancel-ok, which follows
   * every delivery it sent this consumer: from then on `pending` counts exactly what this
   * consumer holds. Work on what it holds goes on; a crash() after it abandons that.
   */
  async cancel(): Promise<void> {
    if (this.consumerTag === undefined || this.stopped) return;
    const tag = this.consumerTag;
    this.consumerTag = undefined;
    await this.channel.cancel(tag);
  }

  /** Closing the channel returns unacked messages to the queue; none is acked after this. */
  async close(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.backlog.length = 0;
    await closeQuietly(this.channel);
  }

  /**
   * Dies as a crashed process would: the channel closes with its messages unacked, and RabbitMQ
   * requeues them for redelivery. Returns how many were held unacked.
   */
  async crash(): Promise<number> {
    const unacked = this.manual ? this.pending : 0;
    await this.close();
    return unacked;
  }

  private onMessage(msg: ConsumeMessage | null): void {
    if (this.stopped) return;
    if (msg === null) {
      // The broker cancelled us (the queue went away): nothing more will arrive.
      this.options.onError(new Error(`RabbitMQ cancelled the consumer of ${this.options.queue}`));
      return;
    }
    const recorders = this.options.recorders;
    const decoded = decodeMessage(msg.content);
    if (decoded === undefined) {
      this.malformed++;
    } else {
      recorders?.latency?.record(nowMs() - decoded.sentAtMs);
      if (!this.seen.add(decoded.seq)) {
        this.duplicates++;
        recorders?.duplicates?.inc();
      }
    }
    if (msg.fields.redelivered) {
      this.redelivered++;
      recorders?.redelivered?.inc();
    }
    this.delivered++;
    for (const counter of recorders?.delivered ?? []) counter.inc();
    this.options.onDelivery?.(msg, decoded);
    this.pending++;
    if (!this.working && this.delayMs() <= 0) {
      this.options.onProcessing?.(msg);
      this.done(msg);
      return;
    }
    this.backlog.push(msg);
    if (!this.working) void this.work();
  }

  private delayMs(): number {
    return this.options.delayMs?.() ?? 0;
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      for (let msg = this.backlog.shift(); msg !== undefined; msg = this.backlog.shift()) {
        this.options.onProcessing?.(msg);
        const ms = this.delayMs();
        if (ms > 0) await this.sleep(ms);
        if (this.stopped) return;
        this.done(msg);
      }
    } finally {
      this.working = false;
    }
  }

  private async sleep(ms: number): Promise<void> {
    if (this.options.sleep !== undefined) return this.options.sleep(ms);
    await delay(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private done(msg: ConsumeMessage): void {
    try {
      if (this.manual) this.channel.ack(msg);
      this.pending--;
      this.options.onProcessed?.(msg);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
