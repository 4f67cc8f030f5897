import type { Channel, ConsumeMessage } from 'amqplib';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import { closeQuietly } from './amqp-connection.ts';
import { decodeMessage, nowMs } from './message.ts';
import { SeenSet } from './seen-set.ts';

export interface SubscriberRecorders {
  delivered: Counter;
  deliveredTotal: Counter;
  duplicates: Counter;
  latency: Histogram;
}

export interface SubscriberOptions {
  /** Time to spend on each message before acking it; read per message so it can change live. */
  delayMs: () => number;
  sleep: (ms: number) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * One queue's consumer. Deliveries are counted and checked the moment they arrive (that is
 * delivery, as RabbitMQ counts it); acks follow once the message is "processed", in order.
 */
export class Subscriber {
  readonly seen = new SeenSet();
  /** Delivered and not yet acked: what RabbitMQ counts as unacked, not as ready. */
  pending = 0;
  malformed = 0;
  private readonly backlog: ConsumeMessage[] = [];
  private working = false;
  private stopped = false;

  constructor(
    readonly index: number,
    private readonly channel: Channel,
    private readonly queue: string,
    private readonly recorders: SubscriberRecorders,
    private readonly options: SubscriberOptions,
  ) {}

  async start(prefetch: number): Promise<void> {
    await this.channel.prefetch(prefetch);
    await this.channel.consume(this.queue, (msg) => this.onMessage(msg), { noAck: false });
  }

  /** Closing the channel returns unacked messages to the queue; none is acked after this. */
  async close(): Promise<void> {
    this.stopped = true;
    this.backlog.length = 0;
    await closeQuietly(this.channel);
  }

  private onMessage(msg: ConsumeMessage | null): void {
    if (this.stopped) return;
    if (msg === null) {
      // The broker cancelled us (the queue went away): nothing more will arrive.
      this.options.onError(new Error(`RabbitMQ cancelled the consumer of ${this.queue}`));
      return;
    }
    const decoded = decodeMessage(msg.content);
    if (decoded === undefined) {
      this.malformed++;
    } else {
      this.recorders.latency.record(nowMs() - decoded.sentAtMs);
      if (!this.seen.add(decoded.seq)) this.recorders.duplicates.inc();
    }
    this.recorders.delivered.inc();
    this.recorders.deliveredTotal.inc();
    this.pending++;
    if (!this.working && this.options.delayMs() <= 0) {
      this.ack(msg);
      return;
    }
    this.backlog.push(msg);
    if (!this.working) void this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      for (let msg = this.backlog.shift(); msg !== undefined; msg = this.backlog.shift()) {
        const delay = this.options.delayMs();
        if (delay > 0) await this.options.sleep(delay);
        if (this.stopped) return;
        this.ack(msg);
      }
    } finally {
      this.working = false;
    }
  }

  private ack(msg: ConsumeMessage): void {
    try {
      this.channel.ack(msg);
      this.pending--;
    } catch (error) {
      this.options.onError(error);
    }
  }
}
