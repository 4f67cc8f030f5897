// The run: seed the origin, let the readers and the writer loose on the shared pacers, narrate
// what a learner should notice, and at the end ask Redis what it actually holds.
import type { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { scanKeys } from '../src/sdk/redis/index.ts';
import type { Counter } from '../src/sdk/recorders.ts';
import { ExpiryWaveDetector } from './expiry-wave.ts';
import { createKeyChooser } from './key-chooser.ts';
import { ProductOrigin, randomPrice } from './origin.ts';
import type { CacheAsideParams } from './params.ts';
import { ProductCache } from './product-cache.ts';
import type { CacheRecorders } from './product-cache.ts';

type Ctx = RunContext<CacheAsideParams>;

const MONITOR_INTERVAL_MS = 500;
/** The recent hit ratio looks this far back: long enough to be steady, short enough for waves. */
export const RECENT_WINDOW_MS = 3000;
const HIT_RATIO_MILESTONES = [0.5, 0.9];
// Redis sets a key's expiry when it runs the SET, a little after this process noted it; keys
// this close to their expiry at the time of the final SCAN may go either way.
const EXPIRY_MARGIN_MS = 100;
const SCAN_BUDGET_MS = 2500;

export async function runCacheAside(ctx: Ctx): Promise<void> {
  const { keys, distribution, zipfExponent, writeRatio, writeStrategy, concurrency } = ctx.params;
  const origin = new ProductOrigin(keys, ctx.random, ctx.metrics.counter('originReads'));
  try {
    const redis = await ctx.brokers.redis();
    const recorders = createRecorders(ctx);
    const cacheKeys = Array.from({ length: keys + 1 }, (_, id) => ctx.names.key('product', id));
    let staleSeen = false;
    const cache = new ProductCache({
      redis,
      origin,
      keys: cacheKeys,
      recorders,
      ttlSec: () => ctx.params.ttlSec,
      originLatencyMs: () => ctx.params.originLatencyMs,
      sleep: (ms) => ctx.sleep(ms),
      signal: ctx.signal,
      onStaleRead(id, cachedVersion, originVersion) {
        if (staleSeen) return;
        staleSeen = true;
        ctx.event(
          `First stale read: Redis returned product ${id} at version ${cachedVersion} while the origin holds version ${originVersion}` +
            (writeStrategy === 'ttl-only'
              ? `; with ttl-only it stays stale until its entry expires (up to ${ctx.params.ttlSec} s)`
              : ''),
          'warn',
        );
      },
    });
    const choose = createKeyChooser(keys, distribution, zipfExponent, ctx.random);

    ctx.event(
      `Cold cache: the first read of each of ${keys} products misses and goes to SQLite (+${ctx.params.originLatencyMs} ms)`,
    );
    ctx.onParamsChange((changed) => {
      if (changed.includes('ttlSec')) {
        ctx.event(
          `TTL is now ${ctx.params.ttlSec} s for entries cached from here on; entries already in Redis keep the TTL they were given`,
        );
      }
      if (changed.includes('originLatencyMs')) {
        ctx.event(
          `Each miss now waits ${ctx.params.originLatencyMs} ms for the origin: watch missLatency`,
        );
      }
    });

    const readPacer = ctx.pacer(() => ctx.params.readsPerSec);
    const readers = Array.from({ length: concurrency }, async () => {
      while (await readPacer.wait()) await cache.read(choose());
    });
    // One writer: the writes reach the origin and Redis in one order (see product-cache.ts).
    const writePacer = ctx.pacer(() => writesPerSec(ctx.params.readsPerSec, writeRatio));
    const writer = (async () => {
      if (writeRatio === 0) return;
      while (await writePacer.wait()) {
        await cache.write(choose(), writeStrategy, randomPrice(ctx.random));
      }
    })();

    await Promise.all([...readers, writer, narrate(ctx, recorders, origin.reads)]);
    await recordRedisFacts(ctx, redis, cache);
    ctx.fact('originWrites', origin.countWrites());
    ctx.fact('hitsOnWrittenProducts', cache.hitsOnWrittenProducts);
  } finally {
    origin.close();
  }
}

/** writeRatio is the share of all operations, so writes/(reads + writes) = writeRatio. */
export function writesPerSec(readsPerSec: number, writeRatio: number): number {
  return writeRatio >= 1 ? readsPerSec : (readsPerSec * writeRatio) / (1 - writeRatio);
}

function createRecorders(ctx: Ctx): CacheRecorders {
  const m = ctx.metrics;
  return {
    requests: m.counter('requests'),
    hits: m.counter('hits'),
    misses: m.counter('misses'),
    writes: m.counter('writes'),
    staleReads: m.counter('staleReads'),
    hitRatio: m.gauge('hitRatio'),
    latency: m.histogram('latency'),
    hitLatency: m.histogram('hitLatency'),
    missLatency: m.histogram('missLatency'),
  };
}

/**
 * Hits over requests within the last `windowMs`, from samples of the two running totals: the
 * cumulative ratio barely moves late in a run, this one dips when entries expire together.
 */
export class RecentRatio {
  private readonly samples: { at: number; hits: number; requests: number }[] = [];

  constructor(private readonly windowMs: number) {}

  /** Adds a sample of the totals at `at` ms; the ratio since the oldest sample in the window. */
  sample(at: number, hits: number, requests: number): number | undefined {
    this.samples.push({ at, hits, requests });
    while ((this.samples[1]?.at ?? Infinity) <= at - this.windowMs) this.samples.shift();
    const oldest = this.samples[0] as { hits: number; requests: number };
    const served = requests - oldest.requests;
    return served > 0 ? (hits - oldest.hits) / served : undefined;
  }
}

async function narrate(ctx: Ctx, r: CacheRecorders, originReads: Counter): Promise<void> {
  const waves = new ExpiryWaveDetector(4, 2000);
  const recent = new RecentRatio(RECENT_WINDOW_MS);
  const recentRatio = ctx.metrics.gauge('hitRatioRecent');
  recent.sample(ctx.elapsedMs(), r.hits.total, r.requests.total);
  const milestones = [...HIT_RATIO_MILESTONES];
  let lastOriginReads = 0;
  let lastAt = performance.now();
  while (!ctx.signal.aborted) {
    await ctx.sleep(MONITOR_INTERVAL_MS);
    if (ctx.signal.aborted) break;
    const now = performance.now();
    const originRate = ((originReads.total - lastOriginReads) * 1000) / (now - lastAt);
    lastOriginReads = originReads.total;
    lastAt = now;
    const elapsedSec = (ctx.elapsedMs() / 1000).toFixed(1);
    const ratio = recent.sample(ctx.elapsedMs(), r.hits.total, r.requests.total);
    if (ratio !== undefined) recentRatio.set(ratio);
    const next = milestones[0];
    if (next !== undefined && r.requests.total > 0 && r.hitRatio.value >= next) {
      milestones.shift();
      if (milestones.length === 0) ctx.mark(`cache warm: ${next * 100}% hits`);
      ctx.event(
        `Warming up: hit ratio passed ${next * 100}% at ${elapsedSec} s; origin reads are down to ${Math.round(originRate)}/s`,
      );
    }
    const { ttlSec, readsPerSec } = ctx.params;
    const wave = waves.sample(
      originRate,
      ctx.elapsedMs(),
      ttlSec * 1000,
      Math.max(5, readsPerSec * 0.05),
    );
    if (wave !== undefined) {
      ctx.mark('TTL expiry wave');
      ctx.event(
        `TTL expiry wave: origin reads jumped to ${Math.round(wave.rate)}/s (from ~${Math.round(wave.baseline)}/s) as entries cached together expire together`,
        'warn',
      );
    }
  }
}

/** Counts the product keys Redis holds and what this run expected it to hold. */
async function recordRedisFacts(ctx: Ctx, redis: Redis, cache: ProductCache): Promise<void> {
  const scanStart = performance.now();
  const { keys, complete } = await scanKeys(redis, `${ctx.names.key('product')}:`, {
    budgetMs: SCAN_BUDGET_MS,
  });
  const scanEnd = performance.now();
  ctx.fact('redisKeysScanComplete', complete);
  ctx.fact('redisKeys', keys.length);
  // Certainly cached through the whole scan, and possibly cached at some moment of it.
  const expectedMin = cache.cachedAt(scanEnd + EXPIRY_MARGIN_MS);
  const expectedMax = cache.cachedAt(scanStart - EXPIRY_MARGIN_MS);
  ctx.fact('expectedKeysMin', expectedMin);
  ctx.fact('expectedKeysMax', expectedMax);
  ctx.event(
    `At the end Redis holds ${keys.length} product keys (SCAN); this run expected ${expectedMin === expectedMax ? expectedMin : `${expectedMin}–${expectedMax}`}`,
  );
}
