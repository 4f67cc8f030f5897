// The run: pace requests from random clients through the pattern's bursts, offer each to all
// five limiters, narrate, and at the end ask Redis what the limiters hold.
import type { RunContext } from '../src/sdk/contract.ts';
import { scanKeys } from '../src/sdk/redis/index.ts';
import { LimiterDriver } from './limiter-driver.ts';
import type { LimiterRecorders } from './limiter-driver.ts';
import { ALGORITHMS, defineLimiters } from './lua/commands.ts';
import type { Algorithm, LimiterRedis } from './lua/commands.ts';
import { allowedKey, allowedPerSecKey, maxInWindowKey, rejectedKey } from './metrics.ts';
import { Narrator } from './narration.ts';
import type { RateLimitingParams } from './params.ts';
import { createSchedule } from './traffic.ts';

type Ctx = RunContext<RateLimitingParams>;

const NARRATE_EVERY_MS = 250;
const FINAL_BUDGET_MS = 2500;
// Redis starts a key's PEXPIRE when it runs the script, a moment after this process's clock
// read; a sliding log this close to its expiry may or may not still be there.
const EXPIRY_MARGIN_MS = 100;

export async function runRateLimiting(ctx: Ctx): Promise<void> {
  const { limit, windowSec, clients, pattern } = ctx.params;
  const windowMs = Math.round(windowSec * 1000);
  const redis = defineLimiters(await ctx.brokers.redis());
  // The limiters' clock: ms since the run started, µs resolution. Small numbers keep the
  // scripts' floating-point sums exact; see lua/commands.ts for why it is the client's clock.
  const t0 = performance.now();
  const clock = (): number => Math.round((performance.now() - t0) * 1000) / 1000;

  const narrator = new Narrator((m, level) => ctx.event(m, level), limit, windowMs, pattern);
  const recorders = ALGORITHMS.map((a): LimiterRecorders => ({
    allowed: ctx.metrics.counter(allowedKey(a)),
    rejected: ctx.metrics.counter(rejectedKey(a)),
    maxInAnyWindow: ctx.metrics.gauge(maxInWindowKey(a)),
  }));
  const driver = new LimiterDriver(
    redis,
    (a, c) => ctx.names.key('rl', a, `client${c + 1}`),
    clients,
    limit,
    windowMs,
    recorders,
    narrator,
  );

  ctx.event(
    `Each request goes to all five limiters at once; each client may make ${limit} per ${windowSec} s (${pattern} traffic, ${ctx.params.requestsPerSec} req/s over ${clients} clients)`,
  );
  const perSecond = ALGORITHMS.map((a, i) => ({
    gauge: ctx.metrics.gauge(allowedPerSecKey(a)),
    window: new WindowedRate(Math.max(1000, windowMs)),
    total: recorders[i] as LimiterRecorders,
  }));
  const narrating = (async () => {
    while (!ctx.signal.aborted) {
      await ctx.sleep(NARRATE_EVERY_MS);
      narrator.flush();
      const now = ctx.elapsedMs();
      for (const p of perSecond) {
        const rate = p.window.sample(now, p.total.allowed.total);
        if (rate !== undefined) p.gauge.set(rate);
      }
    }
  })();

  const schedule = createSchedule(pattern, windowMs, ctx.random);
  while (!ctx.signal.aborted) {
    const burst = schedule.next(clock());
    const quiet = burst.start - clock();
    if (quiet > 0) await ctx.sleep(quiet);
    // A fresh pacer per burst, so it does not try to make up for the quiet before it.
    const pacer = ctx.pacer(() => ctx.params.requestsPerSec * burst.boost);
    driver.resetBurstMax();
    while (await pacer.wait()) {
      const room = driver.room();
      if (room !== undefined) await room;
      if (driver.failure !== undefined) throw driver.failure;
      const t = clock();
      if (t >= burst.end) break;
      driver.offer(t, ctx.random.int(clients));
    }
    await driver.drain();
    if (driver.failure !== undefined) throw driver.failure;
    if (!ctx.signal.aborted) narrator.burstEnded(burst, driver.burstMax);
  }
  await driver.drain();
  await narrating;
  for (let i = 0; i < 3; i++) narrator.flush();
  if (driver.failure !== undefined) throw driver.failure;

  recordLoadFacts(ctx, driver, windowMs);
  await recordRedisFacts(ctx, redis, driver, windowMs, clock);
}

/**
 * Per second over the last `windowMs`, from samples of a running total: a limiter lets requests
 * through in steps (a fixed window at its edge), which a per-tick rate draws as a comb of spikes.
 */
export class WindowedRate {
  private readonly samples: { at: number; total: number }[] = [];

  constructor(private readonly windowMs: number) {}

  sample(at: number, total: number): number | undefined {
    this.samples.push({ at, total });
    while ((this.samples[1]?.at ?? Infinity) <= at - this.windowMs) this.samples.shift();
    const oldest = this.samples[0] as { at: number; total: number };
    return at > oldest.at ? ((total - oldest.total) * 1000) / (at - oldest.at) : undefined;
  }
}

function recordLoadFacts(ctx: Ctx, driver: LimiterDriver, windowMs: number): void {
  const any = driver.offered > 0;
  ctx.fact('offered', driver.offered);
  ctx.fact('offeredOverLimit', driver.offeredOverLimit);
  ctx.fact('loadSpanMs', any ? driver.lastT - driver.firstT : 0);
  // Fixed windows the load touched: the most fixed-window can allow per client is limit × this.
  ctx.fact(
    'fixedWindowsSpanned',
    any ? Math.floor(driver.lastT / windowMs) - Math.floor(driver.firstT / windowMs) + 1 : 0,
  );
}

/**
 * Counts the limiter keys in Redis, and checks every client's sliding log against the allowed
 * timestamps this run recorded: Redis should hold exactly those later than the client's last
 * request minus one window.
 */
async function recordRedisFacts(
  ctx: Ctx,
  redis: LimiterRedis,
  driver: LimiterDriver,
  windowMs: number,
  clock: () => number,
): Promise<void> {
  const prefix = ctx.names.key('rl', '');
  const { keys, complete } = await scanKeys(redis, prefix, { budgetMs: FINAL_BUDGET_MS });
  const perAlgorithm = new Map<Algorithm, number>(ALGORITHMS.map((a) => [a, 0]));
  for (const key of keys) {
    const algorithm = key.slice(prefix.length, key.lastIndexOf(':')) as Algorithm;
    perAlgorithm.set(algorithm, (perAlgorithm.get(algorithm) ?? 0) + 1);
  }
  ctx.fact('redisKeysScanComplete', complete);
  ctx.fact('redisKeys', keys.length);
  for (const [algorithm, n] of perAlgorithm) ctx.fact(`redisKeys.${algorithm}`, n);

  const { clients } = ctx.params;
  const logs = driver.windows[ALGORITHMS.indexOf('sliding-log')] ?? [];
  const pipeline = redis.pipeline();
  for (let c = 0; c < clients; c++)
    pipeline.zcard(ctx.names.key('rl', 'sliding-log', `client${c + 1}`));
  const cards = (await pipeline.exec()) ?? [];
  const now = clock();
  let entries = 0;
  let mismatches = 0;
  for (let c = 0; c < clients; c++) {
    const [error, card] = cards[c] ?? [new Error('missing reply'), 0];
    if (error !== null) throw error;
    const inRedis = Number(card);
    const log = logs[c];
    const last = driver.lastOffered[c] ?? -1;
    entries += inRedis;
    if (log === undefined || last < 0) continue;
    const expected = log.countAfter(last - windowMs);
    const lastAllowed = log.last();
    // An empty answer is right too once the key's PEXPIRE (one window after the client's last
    // allowed request) has run out.
    const expired =
      inRedis === 0 &&
      lastAllowed !== undefined &&
      now >= lastAllowed + windowMs - EXPIRY_MARGIN_MS;
    if (inRedis !== expected && !expired) mismatches++;
  }
  ctx.fact('slidingLogEntries', entries);
  ctx.fact('slidingLogMismatches', mismatches);
}
