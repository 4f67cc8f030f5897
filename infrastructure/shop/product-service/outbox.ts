// The transactional outbox: an order and the event announcing it are written in ONE Redis
// MULTI/EXEC (the order's hash, the orders set and an entry in the outbox stream), so either
// both exist or neither does. A relay publishes each outbox entry and only then deletes it; a
// process that dies in between leaves the entry pending, and a relay (its own after a restart,
// or another instance's once the entry has sat idle) publishes it again: at least once, never
// zero times. Consumers dedupe by order id.
import type { ChainableCommander, Redis } from 'ioredis';

export interface OutboxEvent {
  /** The stream entry id, e.g. `1733030400000-0`. */
  entryId: string;
  orderId: string;
  /** The event as published (JSON). */
  payload: string;
  /** The W3C trace context of the request that wrote it: the relay's publish continues it. */
  traceparent?: string;
}

/** Adds the outbox entry to a MULTI that also writes the order: EXEC applies both or neither. */
export function appendToOutbox(
  multi: ChainableCommander,
  stream: string,
  orderId: string,
  payload: string,
  traceparent?: string,
): ChainableCommander {
  const trace = traceparent === undefined ? [] : ['traceparent', traceparent];
  return multi.xadd(stream, '*', 'orderId', orderId, 'payload', payload, ...trace);
}

export interface OutboxRelayOptions {
  /** The relay takes a connection of its own from it (XREADGROUP BLOCK holds one). */
  redis: Redis;
  stream: string;
  group: string;
  /**
   * The instance's name: a restarted instance keeps it, so it first publishes the entries it
   * had taken and not yet deleted when it died.
   */
  consumer: string;
  /** Publishes to the brokers and resolves once they confirmed; a rejection leaves the entry. */
  publish(event: OutboxEvent): Promise<void>;
  /** Between the publish and the delete: where a crash turns into a duplicate, never a loss. */
  afterPublish?(event: OutboxEvent): void;
  /** Entries another relay took and has not deleted for this long are taken over. */
  claimIdleMs: number;
  blockMs?: number;
  batch?: number;
  onRelayed?(event: OutboxEvent): void;
  onError(error: unknown): void;
}

type StreamEntry = [id: string, fields: string[]];

const RETRY_AFTER_ERROR_MS = 200;

/** One relay per process; several may run against one outbox (each entry goes to one of them). */
export class OutboxRelay {
  private connection: Redis | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** Entries this relay published and deleted. */
  relayed = 0;

  constructor(private readonly o: OutboxRelayOptions) {}

  async start(): Promise<void> {
    const connection = this.o.redis.duplicate();
    this.connection = connection;
    await ensureGroup(connection, this.o.stream, this.o.group);
    this.loop = this.run(connection);
  }

  /** Returns once the current batch is done (at most `blockMs` later when idle). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.connection?.disconnect();
    this.connection = undefined;
  }

  private async run(redis: Redis): Promise<void> {
    const { stream, group, consumer, claimIdleMs } = this.o;
    const blockMs = this.o.blockMs ?? 100;
    const batch = this.o.batch ?? 50;
    // First the entries this consumer name took before a crash ('0': its own pending list).
    let ownPending = true;
    let lastClaim = 0;
    while (!this.stopped) {
      try {
        let entries: StreamEntry[];
        if (ownPending) {
          entries = await readGroup(redis, group, consumer, batch, undefined, stream, '0');
          if (entries.length === 0) ownPending = false;
        } else if (performance.now() - lastClaim >= claimIdleMs / 2) {
          lastClaim = performance.now();
          entries = await claimIdle(redis, stream, group, consumer, claimIdleMs, batch);
        } else {
          entries = await readGroup(redis, group, consumer, batch, blockMs, stream, '>');
        }
        for (const entry of entries) {
          if (this.stopped) break;
          await this.relay(redis, entry);
        }
      } catch (error) {
        if (this.stopped) break;
        this.o.onError(error);
        // What failed is still pending under this consumer: take it up again first.
        ownPending = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_ERROR_MS));
      }
    }
  }

  private async relay(redis: Redis, [entryId, fields]: StreamEntry): Promise<void> {
    const traceparent = optionalField(fields, 'traceparent');
    const event: OutboxEvent = {
      entryId,
      orderId: field(fields, 'orderId'),
      payload: field(fields, 'payload'),
      ...(traceparent === undefined ? {} : { traceparent }),
    };
    await this.o.publish(event);
    this.o.afterPublish?.(event);
    await redis
      .multi()
      .xack(this.o.stream, this.o.group, entryId)
      .xdel(this.o.stream, entryId)
      .exec();
    this.relayed++;
    this.o.onRelayed?.(event);
  }
}

/** Entries written and not yet deleted by a relay (pending or not yet read). */
export async function outboxDepth(redis: Redis, stream: string): Promise<number> {
  return redis.xlen(stream);
}

async function ensureGroup(redis: Redis, stream: string, group: string): Promise<void> {
  try {
    // From '0', not '$': entries written before any relay started are relayed too.
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error;
  }
}

async function readGroup(
  redis: Redis,
  group: string,
  consumer: string,
  count: number,
  blockMs: number | undefined,
  stream: string,
  from: '0' | '>',
): Promise<StreamEntry[]> {
  const reply =
    blockMs === undefined
      ? await redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, from)
      : await redis.xreadgroup(
          'GROUP',
          group,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          stream,
          from,
        );
  const streams = reply as [string, StreamEntry[]][] | null;
  // An entry deleted while pending comes back with no fields: nothing left to publish.
  return (streams?.[0]?.[1] ?? []).filter(([, fields]) => Array.isArray(fields));
}

async function claimIdle(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  count: number,
): Promise<StreamEntry[]> {
  const reply = (await redis.xautoclaim(
    stream,
    group,
    consumer,
    minIdleMs,
    '0-0',
    'COUNT',
    count,
  )) as [string, StreamEntry[]];
  return (reply[1] ?? []).filter(([, fields]) => Array.isArray(fields));
}

function optionalField(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function field(fields: string[], name: string): string {
  const value = optionalField(fields, name);
  if (value === undefined) throw new Error(`outbox entry without ${name}`);
  return value;
}
