// Readings of the order pipeline, each from the source that holds it: the store and the
// notified set in Redis, analytics-service's /stats, the activity topic's log ends, the outbox
// stream and the notifications queue. And the drain: the moment nothing is on its way any more.
import { randomBytes } from 'node:crypto';
import type { Channel } from 'amqplib';
import type { Redis } from 'ioredis';
import type { Admin } from 'kafkajs';
import { request } from 'undici';
import type { Agent } from 'undici';
import { waitFor } from '../src/sdk/index.ts';
import { readLogEnds } from '../src/sdk/kafka/index.ts';
import type { ShopInstance } from '../src/sdk/index.ts';
import type { Reading } from './ledger.ts';

export interface PipelineKeys {
  /** `<p>orders`: the set of every order id written. */
  orders: string;
  /** `<p>notified`: notification-service's set of order ids notified. */
  notified: string;
  /** `<p>outbox`: the outbox stream. */
  outbox: string;
  /** `<p>order-settings`: the mode and crash rate product-service reads per order. */
  settings: string;
}

export interface PipelineOptions {
  redis: Redis;
  keys: PipelineKeys;
  agent: Agent;
  analytics: () => ShopInstance | undefined;
  channel: Channel;
  queue: string;
  admin: Admin;
  topic: string;
}

export interface AnalyticsStats {
  /** Records consumed per event type, repeats included. */
  counts: Record<string, number>;
  /** Distinct order ids. */
  orderIds: number;
}

const STATS_TIMEOUT_MS = 1_000;

export const unsampledTraceparent = (): string =>
  `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
/** notification-service has nothing left once its count holds this long with the queue empty. */
const SETTLED_MS = 300;

export class Pipeline {
  constructor(private readonly o: PipelineOptions) {}

  async reading(crashes: number): Promise<Reading> {
    const [orders, notified, stats] = await Promise.all([
      this.o.redis.scard(this.o.keys.orders),
      this.o.redis.scard(this.o.keys.notified),
      this.analyticsStats(),
    ]);
    return { orders, notified, analytics: stats.orderIds, crashes };
  }

  async analyticsStats(): Promise<AnalyticsStats> {
    const instance = this.o.analytics();
    if (instance === undefined) throw new Error('analytics-service is not running');
    const res = await request(`${instance.url}/stats`, {
      dispatcher: this.o.agent,
      // A parent that is not sampled: the service traces nothing, and the run's trace list
      // holds the orders rather than this poll.
      headers: { traceparent: unsampledTraceparent() },
      headersTimeout: STATS_TIMEOUT_MS,
      bodyTimeout: STATS_TIMEOUT_MS,
    });
    const body = (await res.body.json()) as Partial<AnalyticsStats>;
    if (res.statusCode !== 200 || typeof body.orderIds !== 'number') {
      throw new Error(`analytics-service /stats answered ${res.statusCode}`);
    }
    return { counts: body.counts ?? {}, orderIds: body.orderIds };
  }

  /** Records in the activity topic (all of them order events here), by its log end offsets. */
  async topicRecords(): Promise<number> {
    return (await readLogEnds(this.o.admin, this.o.topic)).reduce((a, b) => a + b, 0);
  }

  outboxDepth(): Promise<number> {
    return this.o.redis.xlen(this.o.keys.outbox);
  }

  async queueReady(): Promise<number> {
    return (await this.o.channel.checkQueue(this.o.queue)).messageCount;
  }

  /**
   * Waits until nothing is on its way: no order request unanswered, the outbox empty, the
   * notifications queue empty with notification-service's count settled, and analytics-service
   * past every record in the topic. False when `withinMs` ran out first.
   */
  async drain(inFlight: () => number, withinMs: number): Promise<boolean> {
    let lastNotified = -1;
    let settledSince = performance.now();
    return waitFor(
      async () => {
        if (inFlight() > 0) return false;
        const [outbox, ready, notified, records, stats] = await Promise.all([
          this.outboxDepth(),
          this.queueReady(),
          this.o.redis.scard(this.o.keys.notified),
          this.topicRecords(),
          this.analyticsStats(),
        ]);
        if (notified !== lastNotified) {
          lastNotified = notified;
          settledSince = performance.now();
        }
        const consumed = stats.counts['order-placed'] ?? 0;
        return (
          outbox === 0 &&
          ready === 0 &&
          consumed >= records &&
          performance.now() - settledSince >= SETTLED_MS
        );
      },
      { withinMs, everyMs: 100 },
    );
  }
}
