import type { Channel, ConsumeMessage } from 'amqplib';
import type { Counter } from '../src/sdk/recorders.ts';
import { closeQuietly, encodeMessage, nowMs } from '../src/sdk/amqp/index.ts';
import type { ServerLog } from './ledger.ts';

export interface RpcServerOptions {
  requestQueue: string;
  prefetch: number;
  /** Time spent on each request before replying; read per request so it can change live. */
  workMs: () => number;
  /** `ctx.sleep`: returns at once when the run stops, so the drain answers what is left. */
  sleep: (ms: number) => Promise<void>;
  log: ServerLog;
  answered: Counter;
  onError: (error: unknown) => void;
}

/**
 * One server: takes up to `prefetch` requests from the queue, works on them one at a time,
 * replies to each request's `replyTo` with its correlation id, then acks it. It knows nothing
 * of timeouts: a client that gave up is not told, so the work is done anyway.
 */
export class RpcServer {
  private readonly backlog: ConsumeMessage[] = [];
  private working = false;
  private stopped = false;

  constructor(
    private readonly channel: Channel,
    private readonly options: RpcServerOptions,
  ) {}

  /** Requests delivered and not yet answered. */
  get holding(): number {
    return this.backlog.length + (this.working ? 1 : 0);
  }

  async start(): Promise<void> {
    await this.channel.prefetch(this.options.prefetch);
    await this.channel.consume(this.options.requestQueue, (msg) => this.onRequest(msg));
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.backlog.length = 0;
    await closeQuietly(this.channel);
  }

  private onRequest(msg: ConsumeMessage | null): void {
    if (this.stopped) return;
    if (msg === null) {
      this.options.onError(new Error(`RabbitMQ cancelled the consumer of the request queue`));
      return;
    }
    this.options.log.received++;
    this.backlog.push(msg);
    if (!this.working) void this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      for (let msg = this.backlog.shift(); msg !== undefined; msg = this.backlog.shift()) {
        const ms = this.options.workMs();
        if (ms > 0) await this.options.sleep(ms);
        if (this.stopped) return;
        this.reply(msg);
      }
    } finally {
      this.working = false;
    }
  }

  private reply(msg: ConsumeMessage): void {
    const { log } = this.options;
    try {
      const seq = Number(msg.properties.correlationId);
      const replyTo: unknown = msg.properties.replyTo;
      if (!Number.isSafeInteger(seq) || seq < 0 || typeof replyTo !== 'string') {
        log.malformed++;
      } else {
        // The answer names its request in the body too, so a client can tell a reply that
        // carries the right id but another request's result.
        this.channel.sendToQueue(replyTo, encodeMessage(seq, nowMs(), 16), {
          correlationId: String(seq),
        });
        log.answer(seq);
        this.options.answered.inc();
      }
      this.channel.ack(msg);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
