// One app instance: an in-process LRU (L1) in front of Redis (L2) in front of the origin, kept
// coherent by invalidation messages Redis delivers on a connection of its own.
//
// Tracking: the data connection runs CLIENT TRACKING ON REDIRECT <id> BCAST PREFIX <items> NOLOOP,
// so Redis pushes the name of every item key another connection modifies to the invalidation
// connection, subscribed to __redis__:invalidate (RESP2 needs the redirect). Pub/sub: the writer
// PUBLISHes "<instance>:<id>" on the run's channel after its write. Either way the invalidation
// connection has its own fault link, so delivery can be slowed without slowing the data.
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { ChangeKind, DeliveryKind } from './delivery-ledger.ts';
import { decodeItem, encodeItem } from './origin.ts';
import type { Item, ItemOrigin } from './origin.ts';

export type Invalidation = 'tracking' | 'pubsub' | 'off';
export type Level = 'l1' | 'l2' | 'miss';
/** Why an L1 entry went: a delivered invalidation, a flush, or the LRU's own eviction or TTL. */
export type DropReason = 'invalidation' | 'flush' | 'evict' | 'expire';

export interface L1Entry extends Item {
  /** When the read (or write) that produced this entry was sent (performance.now() ms). */
  requestedAt: number;
}

export interface InstanceHooks {
  /** The entry for `id` left L1. */
  dropped(id: number, reason: DropReason): void;
  /** L1 now holds `version` of `id`. */
  stored(id: number, version: number): void;
  /** Redis delivered an invalidation for `id`. */
  delivered(id: number, via: DeliveryKind): void;
  /** This instance changed `id` in Redis (or published its change); the command left at `sentAt`. */
  changed(id: number, sentAt: number, kind: ChangeKind): void;
}

export interface InstanceOptions {
  index: number;
  origin: ItemOrigin;
  /** The item's Redis key; every one starts with `keyPrefix`. */
  keyOf: (id: number) => string;
  keyPrefix: string;
  channel: string;
  /** The invalidation connection's name (CLIENT SETNAME), to find its id for REDIRECT. */
  invalidationConnectionName: string;
  l1MaxEntries: number;
  l1TtlMs: () => number;
  originLatencyMs: () => number;
  invalidation: () => Invalidation;
  hooks: InstanceHooks;
  onError: (error: unknown) => void;
}

export const TRACKING_CHANNEL = '__redis__:invalidate';

export class AppInstance {
  readonly l1: LRUCache<number, L1Entry>;
  private readonly pending = new Map<number, symbol>();
  private readonly lastInvalidatedAt = new Map<number, number>();
  private tracking = false;
  private dropReason: DropReason = 'invalidation';

  constructor(
    private readonly o: InstanceOptions,
    private readonly data: Redis,
    private readonly invalidations: Redis,
  ) {
    this.l1 = new LRUCache<number, L1Entry>({
      max: o.l1MaxEntries,
      ttlAutopurge: true,
      dispose: (_entry, id, reason) => {
        if (reason === 'set') return;
        const why = reason === 'delete' ? this.dropReason : reason === 'evict' ? 'evict' : 'expire';
        o.hooks.dropped(id, why);
      },
    });
  }

  async start(): Promise<void> {
    this.invalidations.on('messageBuffer', (channel: Buffer, message: unknown) => {
      if (channel.toString() === TRACKING_CHANNEL) this.onTracking(message);
      else this.onPublished(String(message));
    });
    await this.invalidations.subscribe(TRACKING_CHANNEL, this.o.channel);
    await this.applyInvalidation();
    // A reconnect loses tracking (and a new invalidation connection has a new id): set it up
    // again and drop L1, which may have missed changes in the gap.
    const resync = (): void => {
      this.tracking = false;
      this.flush();
      this.applyInvalidation().catch(this.o.onError);
    };
    this.data.on('ready', resync);
    this.invalidations.on('ready', resync);
  }

  /** Makes Redis's tracking follow the current mode; L1 is dropped on every change. */
  async applyInvalidation(): Promise<void> {
    const want = this.o.invalidation() === 'tracking';
    if (want && !this.tracking) {
      const redirect = await this.redirectId();
      await this.data.call(
        'CLIENT',
        'TRACKING',
        'ON',
        'REDIRECT',
        redirect,
        'BCAST',
        'PREFIX',
        this.o.keyPrefix,
        'NOLOOP',
      );
    } else if (!want && this.tracking) {
      await this.data.call('CLIENT', 'TRACKING', 'OFF');
    }
    this.tracking = want;
    this.flush();
  }

  /**
   * The invalidation connection's client id, looked up by its name from the data connection: a
   * connection in subscriber mode may not ask for its own (and it changes on a reconnect).
   */
  private async redirectId(): Promise<string> {
    // Not filtered by TYPE pubsub: just after a reconnect it may not have resubscribed yet.
    const list = String(await this.data.call('CLIENT', 'LIST'));
    const name = this.o.invalidationConnectionName;
    for (const line of list.split('\n')) {
      if (!line.includes(` name=${name} `)) continue;
      const id = /^id=(\d+) /.exec(line)?.[1];
      if (id !== undefined) return id;
    }
    throw new Error(`no subscribed connection named ${name}`);
  }

  async read(id: number): Promise<{ level: Level; item: L1Entry }> {
    const cached = this.l1.get(id);
    if (cached !== undefined) return { level: 'l1', item: cached };
    // Redis client-side caching's race: an invalidation may arrive while the GET is on its way
    // back with the old value. It clears the token, and the reply is then served but not kept.
    const token = Symbol(id);
    this.pending.set(id, token);
    const requestedAt = performance.now();
    const raw = await this.data.get(this.o.keyOf(id));
    if (raw !== null)
      return { level: 'l2', item: this.keep(id, decodeItem(raw), token, requestedAt) };
    const delay = this.o.originLatencyMs();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const loaded = this.o.origin.load(id);
    // Only if still absent: a write that landed meanwhile is newer than what was loaded.
    const sentAt = performance.now();
    const existing = (await this.data.call(
      'SET',
      this.o.keyOf(id),
      encodeItem(loaded),
      'NX',
      'GET',
    )) as string | null;
    if (existing === null) this.o.hooks.changed(id, sentAt, 'set');
    const item = existing === null ? loaded : decodeItem(existing);
    return { level: 'miss', item: this.keep(id, item, token, requestedAt) };
  }

  /** Writes a new version through this instance: Redis, then its own L1 (others hear of it). */
  async write(id: number, item: Item): Promise<void> {
    this.pending.delete(id);
    const sentAt = performance.now();
    await this.data.set(this.o.keyOf(id), encodeItem(item));
    this.o.hooks.changed(id, sentAt, 'set');
    this.l1.set(id, { ...item, requestedAt: performance.now() }, { ttl: this.o.l1TtlMs() });
    this.o.hooks.stored(id, item.version);
    if (this.o.invalidation() === 'pubsub') {
      const publishedAt = performance.now();
      await this.data.publish(this.o.channel, `${this.o.index}:${id}`);
      this.o.hooks.changed(id, publishedAt, 'publish');
    }
  }

  /** True when Redis delivered an invalidation for `id` after `at` (performance.now() ms). */
  invalidatedAfter(id: number, at: number): boolean {
    return (this.lastInvalidatedAt.get(id) ?? -Infinity) > at;
  }

  private keep(id: number, item: Item, token: symbol, requestedAt: number): L1Entry {
    const entry = { ...item, requestedAt };
    if (this.pending.get(id) !== token) return entry;
    this.pending.delete(id);
    this.l1.set(id, entry, { ttl: this.o.l1TtlMs() });
    this.o.hooks.stored(id, item.version);
    return entry;
  }

  private onTracking(message: unknown): void {
    // A null message means Redis flushed its whole keyspace.
    if (!Array.isArray(message)) {
      this.flush();
      return;
    }
    for (const key of message as Buffer[]) {
      this.invalidate(Number(key.toString().slice(this.o.keyPrefix.length)), 'tracking');
    }
  }

  private onPublished(message: string): void {
    const [from, id] = message.split(':').map(Number);
    if (from === this.o.index || id === undefined) return;
    this.invalidate(id, 'pubsub');
  }

  private invalidate(id: number, via: DeliveryKind): void {
    this.lastInvalidatedAt.set(id, performance.now());
    this.pending.delete(id);
    this.o.hooks.delivered(id, via);
    this.dropReason = 'invalidation';
    this.l1.delete(id);
  }

  private flush(): void {
    this.pending.clear();
    this.dropReason = 'flush';
    this.l1.clear();
  }
}
