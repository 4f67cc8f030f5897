// The pub/sub subscriber: one connection in subscribe mode that can go away and come back. It
// leaves by UNSUBSCRIBE before closing, so every message Redis handed it arrives first (Redis
// answers the UNSUBSCRIBE after them) and a message counted by PUBLISH is never lost in a
// closing socket. Each return is a new connection, as a restarted client's would be.
import type { Redis } from 'ioredis';
import { SeenSet } from '../src/sdk/seen-set.ts';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import { decodeMessage, nowMs } from './event.ts';

export interface Gap {
  first: number;
  last: number;
}

export class Subscriber {
  /** The sequence numbers received. */
  readonly received = new SeenSet();
  private connection: Redis | undefined;
  private lastSeq = -1;
  private returned = false;

  constructor(
    private readonly open: () => Promise<Redis>,
    private readonly channel: string,
    private readonly recorders: { received: Counter; latency: Histogram },
    /** Called with the first message after a return: the events missed while away. */
    private readonly onReturnGap: (gap: Gap | undefined) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  get online(): boolean {
    return this.connection !== undefined;
  }

  async connect(): Promise<void> {
    const connection = await this.open();
    connection.on('message', (_channel: string, message: string) => this.onMessage(message));
    await connection.subscribe(this.channel);
    this.connection = connection;
  }

  async leave(): Promise<void> {
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    await connection.unsubscribe(this.channel);
    await connection.quit();
  }

  async comeBack(): Promise<void> {
    this.returned = true;
    await this.connect();
  }

  private onMessage(message: string): void {
    try {
      const event = decodeMessage(message);
      if (event === undefined) throw new Error(`not an event of this run: "${message}"`);
      this.received.add(event.seq);
      this.recorders.received.inc();
      this.recorders.latency.record(nowMs() - event.sentAt);
      if (this.returned) {
        this.returned = false;
        const first = this.lastSeq + 1;
        this.onReturnGap(event.seq > first ? { first, last: event.seq - 1 } : undefined);
      }
      this.lastSeq = Math.max(this.lastSeq, event.seq);
    } catch (error) {
      this.onError(error);
    }
  }
}
