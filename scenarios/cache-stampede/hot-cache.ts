// The readers' side: GET a hot key and, when it is missing or old, do what `protection` says.
//
// Every command goes over the run's one Redis connection, which answers in the order it was
// sent. That is what makes `expiries` exact: a GET answered nil after a refill's SET was
// answered was sent after it, so the refilled entry had expired; one answered before belongs to
// the expiry that refill was for.
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../src/sdk/redis/index.ts';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import type { Random } from '../src/sdk/random.ts';
import type { SlowOrigin } from './origin.ts';
import type { CacheStampedeParams } from './params.ts';

export interface HotCacheRecorders {
  requests: Counter;
  hits: Counter;
  misses: Counter;
  staleServed: Counter;
  earlyRefreshes: Counter;
  lockWaits: Counter;
  expiries: Counter;
  lateExpiries: Counter;
  latency: Histogram;
}

/** A cached value: its generation, when it stops being fresh (epoch ms), how long it took. */
interface Entry {
  g: number;
  f: number;
  d: number;
}

interface LockCommands {
  releaseLock(key: string, token: string): Promise<number>;
}

export interface HotCacheOptions {
  redis: Redis;
  origin: SlowOrigin;
  keys: readonly string[];
  lockKeys: readonly string[];
  params: Readonly<CacheStampedeParams>;
  recorders: HotCacheRecorders;
  random: Random;
  signal: AbortSignal;
  sleep: (ms: number) => Promise<void>;
  /** A token unique to this run, so a lock's value says who holds it. */
  tokenPrefix: string;
}

export class HotCache {
  private readonly redis: Redis & LockCommands;
  /** An expiry of the key was seen and no refill has been answered since. */
  private readonly expiryOpen: boolean[];
  private readonly filledOnce: boolean[];
  /** The stale generation whose expiry was counted (stale-while-revalidate). */
  private readonly staleCounted: number[];
  private readonly background = new Set<Promise<void>>();
  private tokens = 0;

  constructor(private readonly o: HotCacheOptions) {
    this.redis = defineLuaCommands<LockCommands>(o.redis, new URL('./lua/', import.meta.url), {
      releaseLock: { file: 'release-lock', numberOfKeys: 1 },
    });
    const n = o.keys.length;
    this.expiryOpen = new Array<boolean>(n).fill(false);
    this.filledOnce = new Array<boolean>(n).fill(false);
    this.staleCounted = new Array<number>(n).fill(0);
  }

  async read(k: number): Promise<void> {
    const r = this.o.recorders;
    const start = performance.now();
    const raw = await this.redis.get(this.key(k));
    if (raw === null) {
      r.misses.inc();
      this.sawMissing(k);
      await this.onMiss(k);
    } else {
      await this.onValue(k, JSON.parse(raw) as Entry);
    }
    r.requests.inc();
    r.latency.recordSince(start);
  }

  /** Resolves once every background refresh started so far has finished. */
  async settle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  private async onMiss(k: number): Promise<void> {
    const { protection } = this.o.params;
    if (protection === 'none' || protection === 'early-refresh') {
      await this.fill(k);
      return;
    }
    await this.refillUnderLock(k);
  }

  private async onValue(k: number, entry: Entry): Promise<void> {
    const r = this.o.recorders;
    const { protection, beta } = this.o.params;
    const now = Date.now();
    if (protection === 'early-refresh') {
      r.hits.inc();
      // XFetch (Vattani et al.): refresh when now − δ·β·ln(U) passes the expiry. The nearer the
      // expiry and the slower the computation δ, the likelier; −ln(U) spreads readers out.
      const u = 1 - this.o.random.next();
      if (now - entry.d * beta * Math.log(u) >= entry.f) {
        r.earlyRefreshes.inc();
        await this.fill(k);
      }
      return;
    }
    if (protection === 'stale-while-revalidate' && now >= entry.f) {
      r.staleServed.inc();
      if (this.staleCounted[k] !== entry.g) {
        this.staleCounted[k] = entry.g;
        r.expiries.inc();
      }
      this.revalidate(k, entry.g);
      return;
    }
    r.hits.inc();
  }

  /** Lock path: one reader refills; the others look again every retryMs until it is there. */
  private async refillUnderLock(k: number): Promise<void> {
    const r = this.o.recorders;
    for (;;) {
      const token = await this.tryLock(k);
      if (token !== undefined) {
        try {
          // Double-checked: the value may have been refilled between our GET and our lock.
          if ((await this.redis.get(this.key(k))) === null) await this.fill(k);
        } finally {
          await this.redis.releaseLock(this.o.lockKeys[k] ?? '', token);
        }
        return;
      }
      if (this.o.signal.aborted) return;
      r.lockWaits.inc();
      await this.o.sleep(this.o.params.retryMs);
      if ((await this.redis.get(this.key(k))) !== null) return;
    }
  }

  /** stale-while-revalidate: one reader refreshes in the background; this one returns now. */
  private revalidate(k: number, staleGen: number): void {
    const task = (async () => {
      const token = await this.tryLock(k);
      if (token === undefined) return;
      try {
        const raw = await this.redis.get(this.key(k));
        const current = raw === null ? undefined : (JSON.parse(raw) as Entry);
        // Someone refreshed it between our GET and our lock: nothing left to do.
        if (current === undefined || current.g === staleGen) await this.fill(k);
      } finally {
        await this.redis.releaseLock(this.o.lockKeys[k] ?? '', token);
      }
    })();
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  private async tryLock(k: number): Promise<string | undefined> {
    const token = `${this.o.tokenPrefix}:${++this.tokens}`;
    const ok = await this.redis.set(
      this.o.lockKeys[k] ?? '',
      token,
      'PX',
      this.o.params.lockTtlMs,
      'NX',
    );
    return ok === 'OK' ? token : undefined;
  }

  /** One origin read, and the SET that caches its result. */
  private async fill(k: number): Promise<void> {
    const { ttlSec, staleSec, protection } = this.o.params;
    const started = performance.now();
    const { gen } = await this.o.origin.read(k);
    const ttlMs = Math.round(ttlSec * 1000);
    const entry: Entry = { g: gen, f: Date.now() + ttlMs, d: performance.now() - started };
    // Under stale-while-revalidate the key outlives its freshness by the stale window.
    const px =
      protection === 'stale-while-revalidate' ? ttlMs + Math.round(staleSec * 1000) : ttlMs;
    await this.redis.set(this.key(k), JSON.stringify(entry), 'PX', px);
    this.expiryOpen[k] = false;
    this.filledOnce[k] = true;
  }

  private sawMissing(k: number): void {
    if (this.expiryOpen[k] === true) return;
    this.expiryOpen[k] = true;
    this.o.recorders.expiries.inc();
    if (this.filledOnce[k] === true) this.o.recorders.lateExpiries.inc();
  }

  private key(k: number): string {
    return this.o.keys[k] ?? '';
  }
}

/** The generation each key holds in Redis now (a fresh read), -1 where it has expired. */
export async function cachedGenerations(redis: Redis, keys: readonly string[]): Promise<number[]> {
  const values = keys.length === 0 ? [] : await redis.mget(...keys);
  return values.map((raw) => (raw === null ? -1 : (JSON.parse(raw) as Entry).g));
}
