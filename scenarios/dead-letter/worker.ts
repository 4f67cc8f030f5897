// The worker: takes deliveries from the work queue one at a time and, per delivery, processes
// it (ack), fails it for a passing reason (a copy to the retry queue, or to the parking lot
// once it has failed maxAttempts times, then ack), or finds it unprocessable (reject without
// requeue: RabbitMQ dead-letters it). Copies go out on a confirm channel and the original is
// acked only once RabbitMQ has confirmed the copy, so a message is never in two places.
import { setTimeout as delay } from 'node:timers/promises';
import type { Channel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Counter } from '../src/sdk/index.ts';
import { SeenSet, closeQuietly, decodeMessage } from '../src/sdk/amqp/index.ts';
import { deathCount, deathsOf } from './x-death.ts';

export type Outcome = 'ok' | 'fail' | 'poison';

export interface WorkerOptions {
  queue: string;
  retryQueue: string;
  parkingLot: string;
  prefetch: number;
  maxAttempts: number;
  processingMs: () => number;
  /** Drawn per delivery, after the work. */
  outcome: () => Outcome;
  recorders: { delivered: Counter; processed: Counter; retried: Counter; parked: Counter };
  /** A message moved to the parking lot after `attempts` failures. */
  onPark?: (seq: number, attempts: number) => void;
  onReject?: (seq: number) => void;
  onError: (error: unknown) => void;
}

export class RetryingWorker {
  /** Sequence numbers processed (acked as done). */
  readonly processed = new SeenSet();
  /** Rejected without requeue: what RabbitMQ should have dead-lettered as `rejected`. */
  rejected = 0;
  /** Copies RabbitMQ confirmed into the parking lot. */
  parked = 0;
  retried = 0;
  /** Delivered and not yet settled. */
  pending = 0;
  private readonly backlog: ConsumeMessage[] = [];
  private readonly stopping = new AbortController();
  private working = false;
  private stopped = false;

  constructor(
    private readonly channel: Channel,
    private readonly publishChannel: ConfirmChannel,
    private readonly options: WorkerOptions,
  ) {}

  async start(): Promise<void> {
    await this.channel.prefetch(this.options.prefetch);
    await this.channel.consume(this.options.queue, (msg) => this.onMessage(msg), { noAck: false });
  }

  /** Closing the channel returns what it holds unsettled to the work queue. */
  async close(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.backlog.length = 0;
    await closeQuietly(this.channel);
  }

  private onMessage(msg: ConsumeMessage | null): void {
    if (this.stopped) return;
    if (msg === null) {
      this.options.onError(new Error(`RabbitMQ cancelled the consumer of ${this.options.queue}`));
      return;
    }
    this.options.recorders.delivered.inc();
    this.pending++;
    this.backlog.push(msg);
    if (!this.working) void this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      for (let msg = this.backlog.shift(); msg !== undefined; msg = this.backlog.shift()) {
        const ms = this.options.processingMs();
        if (ms > 0) {
          await delay(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        }
        if (this.stopped) return;
        await this.settle(msg);
        this.pending--;
      }
    } catch (error) {
      if (!this.stopped) this.options.onError(error);
    } finally {
      this.working = false;
    }
  }

  private async settle(msg: ConsumeMessage): Promise<void> {
    const seq = decodeMessage(msg.content)?.seq ?? -1;
    const outcome = this.options.outcome();
    if (outcome === 'poison') {
      this.channel.nack(msg, false, false);
      this.rejected++;
      this.options.onReject?.(seq);
      return;
    }
    if (outcome === 'ok') {
      this.channel.ack(msg);
      if (seq >= 0) this.processed.add(seq);
      this.options.recorders.processed.inc();
      return;
    }
    // Each pass through the retry queue ends in its TTL: one (retry, expired) death per retry.
    const attempts =
      deathCount(deathsOf(msg.properties.headers), this.options.retryQueue, 'expired') + 1;
    const park = attempts >= this.options.maxAttempts;
    await this.copyTo(park ? this.options.parkingLot : this.options.retryQueue, msg);
    if (this.stopped) return;
    this.channel.ack(msg);
    if (park) {
      this.parked++;
      this.options.recorders.parked.inc();
      this.options.onPark?.(seq, attempts);
    } else {
      this.retried++;
      this.options.recorders.retried.inc();
    }
  }

  /** Publishes a copy carrying the original's headers (its x-death history) but no TTL. */
  private copyTo(queue: string, msg: ConsumeMessage): Promise<void> {
    const properties: Options.Publish = { contentType: msg.properties.contentType as string };
    if (msg.properties.headers !== undefined) properties.headers = msg.properties.headers;
    return new Promise((resolve, reject) => {
      this.publishChannel.publish('', queue, msg.content, properties, (err: unknown) => {
        if (err === null || err === undefined) resolve();
        else reject(err instanceof Error ? err : new Error(`RabbitMQ nacked the copy to ${queue}`));
      });
    });
  }
}
