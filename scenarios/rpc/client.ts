import { once } from 'node:events';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import { decodeMessage, encodeMessage, nowMs } from '../src/sdk/amqp/index.ts';
import type { ClientLedger } from './ledger.ts';

/** RabbitMQ's pseudo-queue: replies go straight to the channel that consumes it, no queue. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

export interface RpcClientRecorders {
  requests: Counter;
  replies: Counter;
  timeouts: Counter;
  lateReplies: Counter;
  rtt: Histogram;
}

export interface RpcClientOptions {
  requestQueue: string;
  messageSize: number;
  /** Read as each request is sent: a live change applies to the next request. */
  timeoutMs: () => number;
  ledger: ClientLedger;
  recorders: RpcClientRecorders;
  onTimeout?: (seq: number, waitedMs: number) => void;
  onLateReply?: (seq: number, lateByMs: number) => void;
  onError: (error: unknown) => void;
}

interface Waiting {
  sentAtMs: number;
  timer: NodeJS.Timeout;
}

/**
 * One caller. It consumes direct reply-to on its channel (no-ack, as RabbitMQ requires) and
 * publishes each request there with `replyTo` and a correlation id; a reply is matched to its
 * request by that id. A request not answered within its timeout is given up on: its eventual
 * reply is counted late and thrown away, as a caller that has moved on must.
 */
export class RpcClient {
  confirmed = 0;
  nacked = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** When each timed-out request was given up on, until its late reply arrives. */
  private readonly gaveUpAt = new Map<number, number>();
  private outstandingConfirms = 0;

  constructor(
    private readonly channel: ConfirmChannel,
    private readonly options: RpcClientOptions,
  ) {}

  /** Requests sent and neither answered nor given up on. */
  get awaiting(): number {
    return this.waiting.size;
  }

  get unconfirmed(): number {
    return this.outstandingConfirms;
  }

  async start(): Promise<void> {
    await this.channel.consume(DIRECT_REPLY_TO, (msg) => this.onReply(msg), { noAck: true });
  }

  /** Sends request `seq`; resolves once the socket takes more (back-pressure). */
  async send(seq: number, signal: AbortSignal): Promise<void> {
    const sentAtMs = nowMs();
    const timeoutMs = this.options.timeoutMs();
    const timer = setTimeout(() => this.giveUp(seq, timeoutMs), timeoutMs);
    this.waiting.set(seq, { sentAtMs, timer });
    this.outstandingConfirms++;
    const flowing = this.channel.sendToQueue(
      this.options.requestQueue,
      encodeMessage(seq, sentAtMs, this.options.messageSize),
      { replyTo: DIRECT_REPLY_TO, correlationId: String(seq) },
      (err: unknown) => {
        this.outstandingConfirms--;
        if (err === null || err === undefined) this.confirmed++;
        else this.nacked++;
      },
    );
    this.options.recorders.requests.inc();
    if (!flowing) await once(this.channel, 'drain', { signal }).catch(() => undefined);
  }

  /** Stops the timers of requests still waiting; the session closes the channel. */
  stop(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
  }

  private giveUp(seq: number, timeoutMs: number): void {
    if (!this.waiting.delete(seq)) return;
    this.options.ledger.timedOut.add(seq);
    this.gaveUpAt.set(seq, nowMs());
    this.options.recorders.timeouts.inc();
    this.options.onTimeout?.(seq, timeoutMs);
  }

  private onReply(msg: ConsumeMessage | null): void {
    if (msg === null) {
      this.options.onError(new Error('RabbitMQ cancelled the direct reply-to consumer'));
      return;
    }
    const { ledger, recorders } = this.options;
    const seq = Number(msg.properties.correlationId);
    if (!Number.isSafeInteger(seq) || seq < 0) {
      ledger.unknown++;
      return;
    }
    if (!ledger.received.add(seq)) {
      ledger.duplicates++;
      return;
    }
    if (decodeMessage(msg.content)?.seq !== seq) ledger.wrongBodies++;
    const waiting = this.waiting.get(seq);
    if (waiting !== undefined) {
      clearTimeout(waiting.timer);
      this.waiting.delete(seq);
      recorders.replies.inc();
      recorders.rtt.record(nowMs() - waiting.sentAtMs);
      return;
    }
    const gaveUpAt = this.gaveUpAt.get(seq);
    if (gaveUpAt === undefined) {
      ledger.unknown++;
      return;
    }
    // Discarded: the caller has moved on, and the answer has nowhere useful to go.
    this.gaveUpAt.delete(seq);
    recorders.lateReplies.inc();
    this.options.onLateReply?.(seq, nowMs() - gaveUpAt);
  }
}
