import { once } from 'node:events';
import type { ConfirmChannel, Message, Options } from 'amqplib';
import type { Pacer } from '../pacer.ts';
import type { Counter } from '../recorders.ts';
import { decodeMessage, encodeMessage, nowMs } from './message.ts';
import { SeenSet } from '../seen-set.ts';

// A publisher using confirms keeps a bounded window of unconfirmed messages, as production
// publishers do: when the broker falls behind (disk-bound persistent messages), the window fills
// and the broker, not the slider, sets the publish rate. It also bounds the wait at the end.
export const DEFAULT_CONFIRM_WINDOW = 1000;

/** Recorders the publisher bumps as things happen, for the charts. */
export interface PublisherCounters {
  published?: Counter;
  confirmed?: Counter;
  nacked?: Counter;
  returned?: Counter;
}

/** Per-message AMQP properties a scenario may set: headers (a headers exchange routes on them),
 * a priority (a queue with `x-max-priority` orders by it), an expiration (per-message TTL, ms as
 * a string). */
export type MessageProperties = Pick<Options.Publish, 'headers' | 'priority' | 'expiration'>;

export interface ConfirmedPublisherOptions {
  exchange: string;
  /** The routing key of every message, or of each by its sequence number. Default ''. */
  routingKey?: string | ((seq: number) => string);
  /** Properties of each message by its sequence number (headers, priority). */
  properties?: (seq: number) => MessageProperties;
  /** Body size in bytes (at least the 16-byte header). */
  messageSize: number;
  /** Delivery mode 2: RabbitMQ writes each message to disk. */
  persistent?: boolean;
  /** RabbitMQ returns a message no queue takes (basic.return) instead of dropping it. */
  mandatory?: boolean;
  confirmWindow?: number;
  counters?: PublisherCounters;
  /** Resolves when the run has failed; every wait of the publisher ends on it. */
  failed?: Promise<false>;
  onNack?: (seq: number) => void;
  /** `seq` is undefined when the returned body is not one of ours. */
  onReturn?: (seq: number | undefined, routingKey: string) => void;
  /** Called the first time the confirm window is full. */
  onWindowFull?: () => void;
}

const NEVER = new Promise<false>(() => undefined);

/**
 * Publishes on a confirm channel without waiting for each confirm: the broker's acks arrive
 * asynchronously and are counted as they come, so the publish rate is the pacer's, not the
 * round trip's. Each body carries its sequence number and send time (see message.ts).
 */
export class ConfirmedPublisher {
  /** Sequence numbers the broker confirmed: what the consumers are owed. */
  readonly confirmedSet = new SeenSet();
  nacked = 0;
  /** Messages RabbitMQ returned as unroutable (mandatory only); it confirms them as well. */
  returned = 0;
  private nextSeq = 0;
  private outstanding = 0;
  private settledWaiter: (() => void) | undefined;
  private windowWaiter: (() => void) | undefined;
  private windowWasFull = false;
  private readonly window: number;
  private readonly failed: Promise<false>;
  private readonly routingKey: (seq: number) => string;
  private readonly publishOptions: { persistent: boolean; mandatory: boolean; contentType: string };

  constructor(
    private readonly channel: ConfirmChannel,
    private readonly options: ConfirmedPublisherOptions,
  ) {
    this.window = options.confirmWindow ?? DEFAULT_CONFIRM_WINDOW;
    this.failed = options.failed ?? NEVER;
    const key = options.routingKey ?? '';
    this.routingKey = typeof key === 'string' ? () => key : key;
    this.publishOptions = {
      persistent: options.persistent ?? false,
      mandatory: options.mandatory ?? false,
      contentType: 'application/octet-stream',
    };
    if (this.publishOptions.mandatory) channel.on('return', (msg: Message) => this.onReturn(msg));
  }

  get publishedCount(): number {
    return this.nextSeq;
  }

  get confirmedCount(): number {
    return this.confirmedSet.size;
  }

  get unconfirmed(): number {
    return this.outstanding;
  }

  /** Publishes at the pacer's rate until it says stop or the run fails. */
  async run(pacer: Pacer, signal: AbortSignal): Promise<void> {
    while (await Promise.race([pacer.wait(), this.failed])) await this.publish(signal);
  }

  /**
   * Publishes the next message and returns its sequence number once the publisher may send
   * again: after the socket has drained and while the confirm window has room.
   */
  async publish(signal?: AbortSignal): Promise<number> {
    const seq = this.nextSeq++;
    this.outstanding++;
    const properties = this.options.properties;
    const flowing = this.channel.publish(
      this.options.exchange,
      this.routingKey(seq),
      encodeMessage(seq, nowMs(), this.options.messageSize),
      properties === undefined
        ? this.publishOptions
        : { ...this.publishOptions, ...properties(seq) },
      (err: unknown) => this.settle(seq, err),
    );
    this.options.counters?.published?.inc();
    // The socket buffer is full (the broker is applying back-pressure): wait for it to empty
    // rather than queue without bound in this process.
    if (!flowing) await this.drained(signal);
    if (this.outstanding >= this.window) await this.windowOpen();
    return seq;
  }

  /** Resolves true once every publish is confirmed or nacked, false if `timeoutMs` passes. */
  async waitForConfirms(timeoutMs: number): Promise<boolean> {
    if (this.outstanding === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<boolean>((resolve) => {
      this.settledWaiter = () => resolve(true);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await settled;
    } finally {
      clearTimeout(timer);
      this.settledWaiter = undefined;
    }
  }

  private settle(seq: number, err: unknown): void {
    this.outstanding--;
    if (err === null || err === undefined) {
      this.confirmedSet.add(seq);
      this.options.counters?.confirmed?.inc();
    } else {
      // A nack, or the channel closing with the publish still unconfirmed.
      this.nacked++;
      this.options.counters?.nacked?.inc();
      this.options.onNack?.(seq);
    }
    if (this.outstanding === 0) this.settledWaiter?.();
    if (this.outstanding < this.window) this.windowWaiter?.();
  }

  private onReturn(msg: Message): void {
    this.returned++;
    this.options.counters?.returned?.inc();
    this.options.onReturn?.(decodeMessage(msg.content)?.seq, msg.fields.routingKey);
  }

  private async windowOpen(): Promise<void> {
    if (!this.windowWasFull) {
      this.windowWasFull = true;
      this.options.onWindowFull?.();
    }
    // Confirms keep arriving after a stop, so this wait ends on its own; a failed channel
    // settles every outstanding publish with an error, which ends it too.
    await Promise.race([
      new Promise<void>((resolve) => {
        this.windowWaiter = resolve;
      }),
      this.failed,
    ]);
    this.windowWaiter = undefined;
  }

  private async drained(signal: AbortSignal | undefined): Promise<void> {
    try {
      await Promise.race([
        once(this.channel, 'drain', signal === undefined ? {} : { signal }),
        this.failed,
      ]);
    } catch {
      // Aborted: the run is stopping, and the caller's next pacer.wait() says so.
    }
  }
}
