// One publisher for one queue of the cluster: numbered messages with publisher confirms, a
// window of them in flight, and when its node goes away it reconnects to the next node and
// keeps going (new ids; an unconfirmed message is counted failed, never sent again, so a
// confirmed id is exactly one message the broker promised to keep).
import { setTimeout as delay } from 'node:timers/promises';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { encodeMessage, nowMs } from '../src/sdk/amqp/index.ts';
import type { Counter, Pacer, RabbitmqCluster } from '../src/sdk/index.ts';
import { SeenSet } from '../src/sdk/seen-set.ts';
import type { OutageClock } from './outage-clock.ts';

const WINDOW = 50;
const RETRY_MS = 200;
const CONNECT_TIMEOUT_MS = 3_000;
const MESSAGE_SIZE = 64;

export interface FailoverPublisherOptions {
  cluster: RabbitmqCluster;
  queue: string;
  /** The nodes to try, in order; it starts on the first. */
  nodes: readonly string[];
  persistent: boolean;
  /** Before publishing on a new channel, a passive declare: the queue must answer. */
  checkQueue: boolean;
  counters: { confirmed: Counter[]; failed: Counter };
  clock: OutageClock;
  /** Milliseconds into the run, for each confirm's time. */
  elapsedMs: () => number;
  event: (message: string) => void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    delay(ms).then(() => Promise.reject(new Error(`${what}: no answer within ${ms} ms`))),
  ]);
}

export class FailoverPublisher {
  readonly confirmed = new SeenSet();
  /** When each confirmed id was confirmed, ms into the run (NaN: not confirmed). */
  readonly confirmedAtMs: number[] = [];
  published = 0;
  private connection: ChannelModel | undefined;
  private channel: ConfirmChannel | undefined;
  private nodeIndex = 0;
  private outstanding = 0;
  private room: (() => void) | undefined;
  private lastError = '';

  constructor(private readonly o: FailoverPublisherOptions) {}

  get node(): string {
    return this.o.nodes[this.nodeIndex % this.o.nodes.length] ?? '';
  }

  get inFlight(): number {
    return this.outstanding;
  }

  async run(pacer: Pacer, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const channel = this.channel ?? (await this.open(signal));
      if (!channel) continue;
      if (!(await pacer.wait())) break;
      if (this.channel !== channel) continue;
      this.send(channel);
      while (this.outstanding >= WINDOW && this.channel === channel && !signal.aborted) {
        await Promise.race([new Promise<void>((r) => (this.room = r)), delay(100)]);
      }
    }
  }

  /** After the load: waits (bounded) for the confirms still in flight, then closes. */
  async close(withinMs: number): Promise<void> {
    const deadline = performance.now() + withinMs;
    while (this.outstanding > 0 && this.channel && performance.now() < deadline) await delay(20);
    const connection = this.connection;
    this.channel = undefined;
    this.connection = undefined;
    await withTimeout(connection?.close() ?? Promise.resolve(), 500, 'close').catch(
      () => undefined,
    );
  }

  private send(channel: ConfirmChannel): void {
    const id = this.published++;
    this.outstanding++;
    const settle = (error: unknown): void => {
      this.outstanding--;
      if (error === null || error === undefined) {
        this.confirmed.add(id);
        this.confirmedAtMs[id] = this.o.elapsedMs();
        for (const c of this.o.counters.confirmed) c.inc();
        this.o.clock.up();
      } else {
        this.o.counters.failed.inc();
        this.o.clock.down();
      }
      this.room?.();
    };
    try {
      channel.sendToQueue(
        this.o.queue,
        encodeMessage(id, nowMs(), MESSAGE_SIZE),
        {
          persistent: this.o.persistent,
          mandatory: true,
        },
        settle,
      );
    } catch (error) {
      // The channel closed between the pacer and the send: this id was never on the wire.
      settle(error);
      this.dropChannel(channel);
    }
  }

  private dropChannel(channel: ConfirmChannel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    this.o.clock.down();
  }

  /** A confirm channel on the current node, or undefined after a failure (and a short wait). */
  private async open(signal: AbortSignal): Promise<ConfirmChannel | undefined> {
    const node = this.node;
    try {
      if (!this.connection) {
        const connection = await withTimeout(
          this.o.cluster.connect(node),
          CONNECT_TIMEOUT_MS,
          `connect to ${node}`,
        );
        connection.on('close', () => {
          if (this.connection !== connection) return;
          this.connection = undefined;
          if (this.channel) this.dropChannel(this.channel);
          this.o.event(`${this.o.queue} publisher: connection to ${node} closed`);
        });
        this.connection = connection;
      }
      const channel = await this.connection.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.on('close', () => this.dropChannel(channel));
      if (this.o.checkQueue) await channel.checkQueue(this.o.queue);
      this.channel = channel;
      if (this.lastError) this.o.event(`${this.o.queue} publisher: publishing again via ${node}`);
      this.lastError = '';
      return channel;
    } catch (error) {
      this.o.clock.down();
      const message = (error as Error).message;
      // A node that refuses connections is the next node's turn; a queue that does not answer
      // on a live connection (check-queue) is worth saying once.
      if (!this.connection) this.nodeIndex++;
      else if (message !== this.lastError)
        this.o.event(`${this.o.queue} publisher via ${node}: ${message}`);
      this.lastError = message;
      await delay(RETRY_MS, undefined, { signal }).catch(() => undefined);
      return undefined;
    }
  }
}
