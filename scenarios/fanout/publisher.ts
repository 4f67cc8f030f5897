import { once } from 'node:events';
import type { ConfirmChannel } from 'amqplib';
import type { Pacer } from '../src/sdk/pacer.ts';
import type { Counter } from '../src/sdk/recorders.ts';
import { encodeMessage, nowMs } from './message.ts';
import { SeenSet } from './seen-set.ts';

// A publisher using confirms keeps a bounded window of unconfirmed messages, as production
// publishers do: when the broker falls behind (disk-bound persistent messages), the window fills
// and the broker, not the slider, sets the publish rate. It also bounds the wait at the end.
export const CONFIRM_WINDOW = 1000;

export interface PublisherOptions {
  exchange: string;
  messageSize: number;
  persistent: boolean;
  published: Counter;
  confirmed: Counter;
  onNack: (seq: number) => void;
  /** Called the first time the confirm window is full. */
  onWindowFull: () => void;
}

/**
 * Publishes on a confirm channel without waiting for each confirm: the broker's acks arrive
 * asynchronously and are counted as they come, so the publish rate is the pacer's, not the
 * round trip's.
 */
export class Publisher {
  /** Sequence numbers the broker confirmed: what the subscribers are owed. */
  readonly confirmedSet = new SeenSet();
  nacked = 0;
  private nextSeq = 0;
  private outstanding = 0;
  private settledWaiter: (() => void) | undefined;
  private windowWaiter: (() => void) | undefined;
  private windowWasFull = false;

  constructor(
    private readonly channel: ConfirmChannel,
    private readonly options: PublisherOptions,
  ) {}

  get publishedCount(): number {
    return this.nextSeq;
  }

  get unconfirmed(): number {
    return this.outstanding;
  }

  /** Publishes at the pacer's rate until it says stop or `failed` resolves. */
  async run(pacer: Pacer, failed: Promise<false>, signal: AbortSignal): Promise<void> {
    const { exchange, messageSize, persistent, published } = this.options;
    const publishOptions = { persistent, contentType: 'application/octet-stream' };
    while (await Promise.race([pacer.wait(), failed])) {
      const seq = this.nextSeq++;
      this.outstanding++;
      const flowing = this.channel.publish(
        exchange,
        '',
        encodeMessage(seq, nowMs(), messageSize),
        publishOptions,
        (err: unknown) => this.settle(seq, err),
      );
      published.inc();
      // The socket buffer is full (the broker is applying back-pressure): wait for it to empty
      // rather than queue without bound in this process.
      if (!flowing) await this.drained(signal, failed);
      if (this.outstanding >= CONFIRM_WINDOW) await this.windowOpen(failed);
    }
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
      this.options.confirmed.inc();
    } else {
      this.nacked++;
      this.options.onNack(seq);
    }
    if (this.outstanding === 0) this.settledWaiter?.();
    if (this.outstanding < CONFIRM_WINDOW) this.windowWaiter?.();
  }

  private async windowOpen(failed: Promise<false>): Promise<void> {
    if (!this.windowWasFull) {
      this.windowWasFull = true;
      this.options.onWindowFull();
    }
    // Confirms keep arriving after a stop, so this wait ends on its own; a failed channel
    // settles every outstanding publish with an error, which ends it too.
    await Promise.race([
      new Promise<void>((resolve) => {
        this.windowWaiter = resolve;
      }),
      failed,
    ]);
    this.windowWaiter = undefined;
  }

  private async drained(signal: AbortSignal, failed: Promise<false>): Promise<void> {
    try {
      await Promise.race([once(this.channel, 'drain', { signal }), failed]);
    } catch {
      // Aborted: the run is stopping, and the loop's next pacer.wait() says so.
    }
  }
}
