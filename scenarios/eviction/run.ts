// Cache-aside readers against a private Redis whose memory is smaller than the working set:
// every miss fills the cache, so the server must evict (or refuse) and the policy decides what
// stays. The server's own account (INFO) is sampled for the charts and read at the end for
// the checks.
import type { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { ThresholdNarrator, fmt } from '../src/sdk/narration.ts';
import { createZipf } from '../src/sdk/random.ts';
import { errorCount, infoNumber, readInfo } from '../src/sdk/redis/index.ts';
import type { EvictionParams } from './params.ts';

const WINDOW_MS = 2000;
const SCAN_BATCH = 100;
const TTL_MIN_SEC = 60;
const TTL_SPREAD_SEC = 540;

/** Hits and reads of the last WINDOW_MS, in 250 ms buckets. */
class RecentRatio {
  private readonly buckets: { at: number; hits: number; reads: number }[] = [];

  add(hit: boolean, now: number): void {
    const slot = Math.floor(now / 250) * 250;
    let last = this.buckets.at(-1);
    if (last?.at !== slot) {
      last = { at: slot, hits: 0, reads: 0 };
      this.buckets.push(last);
    }
    last.reads++;
    if (hit) last.hits++;
    while ((this.buckets[0]?.at ?? now) < now - WINDOW_MS) this.buckets.shift();
  }

  ratio(): number {
    const reads = this.buckets.reduce((s, b) => s + b.reads, 0);
    return reads === 0 ? 0 : this.buckets.reduce((s, b) => s + b.hits, 0) / reads;
  }
}

export async function runEviction(ctx: RunContext<EvictionParams>): Promise<void> {
  const p = ctx.params;
  const server = await ctx.privateRedis({
    maxmemoryMb: p.maxmemoryMb,
    maxmemoryPolicy: p.policy,
    config: { 'lfu-log-factor': p.lfuLogFactor },
  });
  const admin = await server.client();
  const m = {
    reads: ctx.metrics.counter('reads'),
    scanReads: ctx.metrics.counter('scanReads'),
    hits: ctx.metrics.counter('hits'),
    misses: ctx.metrics.counter('misses'),
    fills: ctx.metrics.counter('fills'),
    oom: ctx.metrics.counter('oomErrors'),
    latency: ctx.metrics.histogram('readLatency'),
    hitRatio: ctx.metrics.gauge('hitRatio'),
    used: ctx.metrics.gauge('usedMemoryBytes'),
    max: ctx.metrics.gauge('maxmemoryBytes'),
    evicted: ctx.metrics.gauge('evictedKeys'),
    held: ctx.metrics.gauge('keysInCache'),
  };
  m.max.set(p.maxmemoryMb * 1024 * 1024);
  ctx.event(
    `private Redis at ${server.address}: maxmemory ${p.maxmemoryMb} MB, policy ${p.policy}; ` +
      `working set ${fmt(p.keys)} × ${fmt(p.valueBytes)} B ≈ ${fmt(Math.round((p.keys * p.valueBytes) / 1048576))} MB`,
  );

  let zipfExponent = p.zipfExponent;
  let chooseRank = createZipf(p.keys, zipfExponent, ctx.random);
  ctx.onParamsChange((changed) => {
    if (changed.includes('zipfExponent')) {
      zipfExponent = ctx.params.zipfExponent;
      chooseRank = createZipf(p.keys, zipfExponent, ctx.random);
    }
    // The server is the run's own: changing its configuration live is the point.
    if (changed.includes('policy')) {
      void admin.config('SET', 'maxmemory-policy', ctx.params.policy).catch(() => undefined);
      ctx.event(`policy now ${ctx.params.policy}`, { mark: true });
    }
    if (changed.includes('maxmemoryMb')) {
      void admin.config('SET', 'maxmemory', `${ctx.params.maxmemoryMb}mb`).catch(() => undefined);
      m.max.set(ctx.params.maxmemoryMb * 1024 * 1024);
      ctx.event(`maxmemory now ${ctx.params.maxmemoryMb} MB`, { mark: true });
    }
  });

  const value = 'v'.repeat(p.valueBytes);
  const recent = new RecentRatio();
  const pacer = ctx.pacer(() => ctx.params.readsPerSec);
  let firstOom = true;
  let scanned = 0;

  const reader = async (redis: Redis): Promise<void> => {
    while (await pacer.wait()) {
      const key = ctx.names.key('item', chooseRank() + 1);
      const started = performance.now();
      const hit = (await redis.get(key)) !== null;
      m.latency.record(performance.now() - started);
      m.reads.inc();
      (hit ? m.hits : m.misses).inc();
      recent.add(hit, performance.now());
      if (hit) continue;
      // Every key has a TTL, so volatile-ttl has candidates; the spread decides which go first.
      const ttl = TTL_MIN_SEC + ctx.random.int(TTL_SPREAD_SEC);
      try {
        if ((await redis.set(key, value, 'EX', ttl, 'NX')) === 'OK') m.fills.inc();
      } catch (error) {
        if (!/^OOM/.test((error as Error).message)) throw error;
        m.oom.inc();
        if (firstOom) {
          firstOom = false;
          ctx.event('Redis refused a fill: OOM (noeviction keeps every key and refuses writes)', {
            level: 'warn',
            mark: true,
          });
        }
      }
    }
  };

  // A cache in production is already full: fill this one with random items (pipelined) until
  // Redis first evicts or refuses, so the policy is at work from the first read.
  async function warmUp(): Promise<void> {
    ctx.phase('warm-up');
    const info = async (): Promise<Record<string, number | string>> =>
      readInfo(admin, 'stats', 'errorstats');
    for (let batch = 0; batch < 200 && !ctx.signal.aborted; batch++) {
      const pipeline = admin.pipeline();
      for (let i = 0; i < 200; i++) {
        const key = ctx.names.key('item', 1 + ctx.random.int(p.keys));
        pipeline.set(key, value, 'EX', TTL_MIN_SEC + ctx.random.int(TTL_SPREAD_SEC), 'NX');
      }
      countFills((await pipeline.exec()) ?? []);
      const now = await info();
      if (infoNumber(now, 'evicted_keys') > 0 || errorCount(now, 'OOM') > 0) break;
    }
    ctx.event(`warm-up: ${fmt(m.fills.total)} random items fill the ${ctx.params.maxmemoryMb} MB`);
    ctx.phase('load');
  }

  // A batch job reading items no one asked for before, each once, in bursts: under LRU each
  // is the most recent key for a while and pushes hot items out; under LFU it starts with a low
  // count and goes first.
  async function crawler(redis: Redis): Promise<void> {
    while (!ctx.signal.aborted) {
      await ctx.sleep(ctx.params.scanEverySec * 1000);
      const burst = ctx.params.scanBurst;
      if (burst === 0 || ctx.signal.aborted) continue;
      ctx.event(`crawler: ${fmt(burst)} one-off items`, { mark: true });
      for (let done = 0; done < burst && !ctx.signal.aborted; done += SCAN_BATCH) {
        const keys = Array.from({ length: Math.min(SCAN_BATCH, burst - done) }, () =>
          ctx.names.key('scan', ++scanned),
        );
        const reads = redis.pipeline();
        for (const key of keys) reads.get(key);
        const found = (await reads.exec()) ?? [];
        const fills = redis.pipeline();
        keys.forEach((key, i) => {
          const [error, reply] = found[i] ?? [null, null];
          if (error) throw error;
          m.scanReads.inc();
          if (reply !== null) return m.hits.inc();
          m.misses.inc();
          fills.set(key, value, 'EX', TTL_MIN_SEC + ctx.random.int(TTL_SPREAD_SEC), 'NX');
        });
        countFills((await fills.exec()) ?? []);
        // About SCAN_BATCH × 50 reads a second: a fast job, not a flood.
        await ctx.sleep(20);
      }
    }
  }

  function countFills(replies: [Error | null, unknown][]): void {
    for (const [error, reply] of replies) {
      if (error && /^OOM/.test(error.message)) m.oom.inc();
      else if (error) throw error;
      else if (reply === 'OK') m.fills.inc();
    }
  }

  const narrateEvictions = new ThresholdNarrator(100, (n) =>
    ctx.event(`${fmt(n)} keys evicted so far (${ctx.params.policy})`),
  );
  let evictingSince: number | undefined;
  const sampler = async (): Promise<void> => {
    while (!ctx.signal.aborted) {
      const info = await readInfo(admin, 'memory', 'stats');
      const evicted = infoNumber(info, 'evicted_keys');
      m.used.set(infoNumber(info, 'used_memory'));
      m.evicted.set(evicted);
      m.held.set(await admin.dbsize());
      m.hitRatio.set(recent.ratio());
      if (evicted > 0 && evictingSince === undefined) {
        evictingSince = ctx.elapsedMs();
        ctx.event(
          `memory full at ${fmt(Math.round(infoNumber(info, 'used_memory') / 1024))} KB: Redis starts evicting (${ctx.params.policy})`,
          { mark: true },
        );
      }
      narrateEvictions.observe(evicted);
      await ctx.sleep(250);
    }
  };

  await warmUp();
  const readers = await Promise.all(Array.from({ length: p.concurrency }, () => server.connect()));
  await Promise.all([sampler(), crawler(await server.connect()), ...readers.map(reader)]);

  // The load has stopped: the server's own account, for the checks.
  const info = await readInfo(admin, 'stats', 'memory', 'errorstats');
  ctx.fact('keyspaceHits', infoNumber(info, 'keyspace_hits'));
  ctx.fact('keyspaceMisses', infoNumber(info, 'keyspace_misses'));
  ctx.fact('evictedKeys', infoNumber(info, 'evicted_keys'));
  ctx.fact('expiredKeys', infoNumber(info, 'expired_keys'));
  ctx.fact('oomReplies', errorCount(info, 'OOM'));
  ctx.fact('usedMemoryBytes', infoNumber(info, 'used_memory'));
  ctx.fact('dbsize', await admin.dbsize());
  m.evicted.set(infoNumber(info, 'evicted_keys'));
  m.hitRatio.set(recent.ratio());
}
