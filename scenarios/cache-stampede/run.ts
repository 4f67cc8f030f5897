// The run: readers hammer a few hot keys that are cached together and so expire together; each
// tick the origin's own count of reads at once is drawn, and the moments an expiry wave hits it
// are narrated. At the end, a fresh read of Redis for the checks.
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, plural, Throttle } from '../src/sdk/narration.ts';
import { cachedGenerations, HotCache } from './hot-cache.ts';
import type { HotCacheRecorders } from './hot-cache.ts';
import { SlowOrigin } from './origin.ts';
import type { CacheStampedeParams } from './params.ts';

type Ctx = RunContext<CacheStampedeParams>;

const SAMPLE_MS = 250;

export async function runCacheStampede(ctx: Ctx): Promise<void> {
  const { hotKeys, readers, protection } = ctx.params;
  const origin = new SlowOrigin(
    hotKeys,
    () => ctx.params.originLatencyMs,
    ctx.metrics.counter('originReads'),
  );
  const redis = await ctx.brokers.redis();
  const recorders = createRecorders(ctx);
  const keys = Array.from({ length: hotKeys }, (_, k) => ctx.names.key('hot', k));
  const cache = new HotCache({
    redis,
    origin,
    keys,
    lockKeys: keys.map((_, k) => ctx.names.key('lock', k)),
    params: ctx.params,
    recorders,
    random: ctx.random,
    signal: ctx.signal,
    sleep: (ms) => ctx.sleep(ms),
    tokenPrefix: ctx.runId,
  });

  ctx.event(
    `Cold start: ${plural(readers, 'reader')} ask for ${plural(hotKeys, 'hot key')} at once; protection: ${protection}`,
  );
  const pacer = ctx.pacer(() => ctx.params.readsPerSec);
  const workers = Array.from({ length: readers }, async () => {
    while (await pacer.wait()) await cache.read(ctx.random.int(hotKeys));
  });
  await Promise.all([...workers, sample(ctx, origin, recorders)]);
  // Background refreshes finish (the origin never abandons a read), then Redis is asked.
  await cache.settle();

  ctx.fact('originKeyInFlightMax', origin.keyInFlightMax);
  const cached = await cachedGenerations(redis, keys);
  cached.forEach((g, k) => {
    ctx.fact(`cachedGen.${k}`, g);
    ctx.fact(`originGen.${k}`, origin.generations[k] ?? 0);
  });
}

function createRecorders(ctx: Ctx): HotCacheRecorders {
  const m = ctx.metrics;
  return {
    requests: m.counter('requests'),
    hits: m.counter('hits'),
    misses: m.counter('misses'),
    staleServed: m.counter('staleServed'),
    earlyRefreshes: m.counter('earlyRefreshes'),
    lockWaits: m.counter('lockWaits'),
    expiries: m.counter('expiries'),
    lateExpiries: m.counter('lateExpiries'),
    latency: m.histogram('latency'),
  };
}

/** Draws the origin's concurrency each tick and narrates each wave once. */
async function sample(ctx: Ctx, origin: SlowOrigin, r: HotCacheRecorders): Promise<void> {
  const inFlight = ctx.metrics.gauge('originInFlight');
  const inFlightMax = ctx.metrics.gauge('originInFlightMax');
  const perExpiry = ctx.metrics.gauge('originReadsPerExpiry');
  const throttle = new Throttle(1000);
  let lastExpiries = 0;
  let lastReads = 0;
  let lastWaits = 0;
  let wavePeak = 0;
  while (!ctx.signal.aborted) {
    await ctx.sleep(SAMPLE_MS);
    const peak = origin.takePeak();
    inFlight.set(peak);
    inFlightMax.set(origin.inFlightMax);
    const expiries = r.expiries.total;
    if (expiries > 0) perExpiry.set(Math.round((origin.reads.total / expiries) * 100) / 100);
    wavePeak = Math.max(wavePeak, peak);
    // A wave is over once its expiries' refills are done: narrate it then, with its numbers.
    const newExpiries = expiries - lastExpiries;
    if (newExpiries > 0 && origin.inFlight === 0 && throttle.allow('wave')) {
      const reads = origin.reads.total - lastReads;
      const waits = r.lockWaits.total - lastWaits;
      ctx.event(
        `${plural(newExpiries, 'expiry', 'expiries')} at ${(ctx.elapsedMs() / 1000).toFixed(1)} s: ` +
          `${plural(reads, 'origin read')}, up to ${fmt(wavePeak)} at once` +
          (waits > 0 ? `, while waiting readers retried the lock ${plural(waits, 'time')}` : ''),
        {
          level: wavePeak > ctx.params.hotKeys ? 'warn' : 'info',
          mark: wavePeak > ctx.params.hotKeys,
        },
      );
      [lastExpiries, lastReads, lastWaits, wavePeak] = [
        expiries,
        origin.reads.total,
        r.lockWaits.total,
        0,
      ];
    }
  }
  inFlightMax.set(origin.inFlightMax);
}
