// The application's side of cache-aside: reads try Redis first and fill it from the origin on a
// miss; writes go to the origin and then apply the write strategy to the cache.
//
// Ordering is what keeps `invalidate` and `write-through` free of stale reads here. Each origin
// access and the cache command that follows it happen in one synchronous step (node:sqlite's
// DatabaseSync is synchronous; the Redis command is issued before anything is awaited), and
// every command goes over the run's one Redis connection, which Redis executes in the order it
// was sent. So a reader's "SELECT, then SET" and the writer's "UPDATE, then DEL/SET" can never
// interleave: the cache only ever receives a value that was current when its command was sent. The writes run
// on a single worker so they also reach Redis in the order the origin applied them. Spread the
// same code over two connections, or put a network hop between the SELECT and the SET, and the
// classic race appears (a reader SETs a value read just before a write's DEL).
import type { Redis } from 'ioredis';
import type { Counter, Gauge, Histogram } from '../src/sdk/recorders.ts';
import type { Product, ProductOrigin } from './origin.ts';

export type WriteStrategy = 'invalidate' | 'write-through' | 'ttl-only';

export interface CacheRecorders {
  requests: Counter;
  hits: Counter;
  misses: Counter;
  writes: Counter;
  staleReads: Counter;
  hitRatio: Gauge;
  latency: Histogram;
  hitLatency: Histogram;
  missLatency: Histogram;
}

export interface ProductCacheOptions {
  redis: Redis;
  origin: ProductOrigin;
  /** Redis key of each product id (index 0 unused), built once. */
  keys: readonly string[];
  recorders: CacheRecorders;
  ttlSec: () => number;
  originLatencyMs: () => number;
  sleep: (ms: number) => Promise<void>;
  signal: AbortSignal;
  onStaleRead: (id: number, cachedVersion: number, originVersion: number) => void;
}

export class ProductCache {
  /**
   * When this run expects each product's cache entry to expire (performance.now() ms; 0 = not
   * cached), to compare with the keys Redis itself reports at the end.
   */
  readonly expiresAt: Float64Array;
  /**
   * Hits on a product written at least once before the read was sent: the only hits that could
   * have been stale, so without one a staleness check has nothing to judge.
   */
  hitsOnWrittenProducts = 0;

  constructor(private readonly o: ProductCacheOptions) {
    this.expiresAt = new Float64Array(o.keys.length);
  }

  async read(id: number): Promise<void> {
    const { redis, origin, recorders: r } = this.o;
    const key = this.o.keys[id] ?? '';
    const start = performance.now();
    // A read races only with writes that start after it was sent; one sent before a write's
    // DEL may fairly return the previous version, so compare with the version SQLite holds at
    // send time.
    const versionAtSend = origin.versionOf(id);
    const cached = await redis.get(key);
    if (cached !== null) {
      const product = JSON.parse(cached) as Product;
      const elapsed = performance.now() - start;
      r.requests.inc();
      r.hits.inc();
      r.hitLatency.record(elapsed);
      r.latency.record(elapsed);
      r.hitRatio.set(r.hits.total / r.requests.total);
      if (versionAtSend > 1) this.hitsOnWrittenProducts++;
      if (product.version < versionAtSend) {
        r.staleReads.inc();
        this.o.onStaleRead(id, product.version, versionAtSend);
      }
      return;
    }
    const delay = this.o.originLatencyMs();
    if (delay > 0) await this.o.sleep(delay);
    // The run stopped while this read was on its way to the origin: drop it uncounted, so the
    // counters describe only reads that completed.
    if (this.o.signal.aborted) return;
    const product = origin.read(id);
    const ttlSec = this.o.ttlSec();
    const filled = redis.set(key, JSON.stringify(product), 'EX', ttlSec);
    this.expiresAt[id] = performance.now() + ttlSec * 1000;
    await filled;
    const elapsed = performance.now() - start;
    r.requests.inc();
    r.misses.inc();
    r.missLatency.record(elapsed);
    r.latency.record(elapsed);
    r.hitRatio.set(r.hits.total / r.requests.total);
  }

  async write(id: number, strategy: WriteStrategy, price: number): Promise<void> {
    const { redis, origin, recorders: r } = this.o;
    const key = this.o.keys[id] ?? '';
    const product = origin.write(id, price);
    r.writes.inc();
    if (strategy === 'invalidate') {
      const deleted = redis.del(key);
      this.expiresAt[id] = 0;
      await deleted;
    } else if (strategy === 'write-through') {
      const ttlSec = this.o.ttlSec();
      const stored = redis.set(key, JSON.stringify(product), 'EX', ttlSec);
      this.expiresAt[id] = performance.now() + ttlSec * 1000;
      await stored;
    }
  }

  /** How many products this run believes are cached at `atMs` (performance.now() ms). */
  cachedAt(atMs: number): number {
    let n = 0;
    for (let id = 1; id < this.expiresAt.length; id++) if ((this.expiresAt[id] ?? 0) > atMs) n++;
    return n;
  }
}
