// The run: four copies of the same shop API, each with its own SQLite database and its own way of
// caching in the shared Redis, fed the same reads and the same writes over HTTP. At the end each
// database says how many statements it executed, for the checks.
import type { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { createRandom, createZipf } from '../src/sdk/random.ts';
import type { Random } from '../src/sdk/random.ts';
import { fmt } from '../src/sdk/narration.ts';
import { startApi } from './api-server.ts';
import type { ApiServer } from './api-server.ts';
import { key, modeLabel } from './metrics.ts';
import { ModeClient } from './mode-client.ts';
import { ObjectCache } from './object-cache.ts';
import { MODES, NoCache } from './page.ts';
import type { DatabaseTrips, Mode, PageSource } from './page.ts';
import type { ServerSideCacheParams } from './params.ts';
import { QueryCache } from './query-cache.ts';
import { ResponseCache } from './response-cache.ts';
import { randomPrice, ShopDatabase } from './shop-db.ts';
import { WindowedRatio } from './windowed-ratio.ts';

type Ctx = RunContext<ServerSideCacheParams>;

interface Copy {
  mode: Mode;
  db: ShopDatabase;
  api: ApiServer;
  client: ModeClient;
}

const NARRATE_EVERY_MS = 1000;
const PER_READ_WINDOW_MS = 3000;

export async function runServerSideCache(ctx: Ctx): Promise<void> {
  const copies: Copy[] = [];
  const failures = { count: 0, first: undefined as Error | undefined };
  const onHandlerError = (e: Error): void => {
    failures.count++;
    failures.first ??= e;
  };
  try {
    for (const mode of MODES) copies.push(await startCopy(ctx, mode, onHandlerError));
    ctx.event(
      `Four copies of the shop API are up, each with its own SQLite database (${fmt(ctx.params.products)} products): no cache, response cache, query cache, object cache. Every read and every write goes to all four.`,
    );
    const writes = ctx.metrics.counter('writes');
    const readers = copies.flatMap((copy) => {
      // The same seed for every copy: each is asked for the same products in the same order.
      const choose = chooser(ctx.params, createRandom(ctx.params.seed));
      const pacer = ctx.pacer(() => ctx.params.readsPerSec);
      return Array.from({ length: ctx.params.concurrency }, async () => {
        while (await pacer.wait()) await copy.client.read(choose());
      });
    });
    const writer = (async () => {
      const random = createRandom(ctx.params.seed + 1);
      const choose = chooser(ctx.params, random);
      const pacer = ctx.pacer(() => ctx.params.writesPerSec);
      while (await pacer.wait()) {
        const [id, price] = [choose(), randomPrice(random)];
        const acked = await Promise.all(copies.map((c) => c.client.write(id, price)));
        if (acked.every(Boolean)) writes.inc();
      }
    })();
    let maxTtlSec = ctx.params.ttlSec;
    let alwaysTagged = ctx.params.pageInvalidation === 'tagged';
    ctx.onParamsChange((changed) => {
      maxTtlSec = Math.max(maxTtlSec, ctx.params.ttlSec);
      if (changed.includes('pageInvalidation')) {
        alwaysTagged = false;
        ctx.event(
          ctx.params.pageInvalidation === 'tagged'
            ? 'Response cache: a write now deletes every page that shows the product (its tag set)'
            : 'Response cache: a write now deletes only the product’s own page; pages that show it as related keep the old price until their TTL',
        );
      }
    });
    await Promise.all([...readers, writer, narrate(ctx, copies)]);
    // Every read and write has been answered: the databases and the handlers have settled.
    recordFacts(ctx, copies, writes.total);
    ctx.fact('maxTtlSec', maxTtlSec);
    ctx.fact('responseAlwaysTagged', alwaysTagged);
    if (failures.count > 0) {
      ctx.event(
        `${failures.count} requests failed in the handlers; the first: ${failures.first?.message}`,
        'warn',
      );
    }
  } finally {
    for (const copy of copies) {
      await copy.client.close().catch(() => undefined);
      await copy.api.close();
      copy.db.close();
    }
  }
}

async function startCopy(ctx: Ctx, mode: Mode, onError: (e: Error) => void): Promise<Copy> {
  // One Redis connection per copy: its cache fills and its invalidations reach Redis in the
  // order the handler issued them.
  const redis = await ctx.brokers.newRedis();
  const db = new ShopDatabase(ctx.params.products, createRandom(ctx.params.seed), [
    ctx.metrics.counter(key.dbQueries(mode)),
    ctx.metrics.counter('dbQueries'),
  ]);
  const source = createSource(ctx, mode, db, redis);
  let api: ApiServer;
  try {
    api = await startApi(source, onError);
  } catch (e) {
    db.close();
    throw e;
  }
  const stale = [ctx.metrics.counter(key.stale(mode)), ctx.metrics.counter('stale')];
  const client = new ModeClient(
    mode,
    api.origin,
    db,
    {
      requests: ctx.metrics.counter(key.requests(mode)),
      stale,
      latency: ctx.metrics.histogram(key.latency(mode)),
      errors: ctx.metrics.counter('errors'),
    },
    ctx.params.concurrency + 1,
    () => ctx.params.ttlSec,
  );
  client.onFirstStale = (id, served, current) =>
    ctx.event(
      `First stale page from the ${modeLabel(mode)}: product ${id} shown at version ${served} while the database held version ${current}`,
      'warn',
    );
  return { mode, db, api, client };
}

function createSource(ctx: Ctx, mode: Mode, db: ShopDatabase, redis: Redis): PageSource {
  const trips: DatabaseTrips = async (statements) => {
    const ms = statements * ctx.params.dbLatencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  };
  const common = {
    db,
    redis,
    trips,
    key: (...parts: (string | number)[]) => ctx.names.key(mode, ...parts),
    ttlSec: () => ctx.params.ttlSec,
  };
  switch (mode) {
    case 'none':
      return new NoCache(db, trips);
    case 'response':
      return new ResponseCache({ ...common, invalidation: () => ctx.params.pageInvalidation });
    case 'query':
      return new QueryCache(common);
    case 'object':
      return new ObjectCache(common);
  }
}

function chooser(params: ServerSideCacheParams, random: Random): () => number {
  if (params.zipfExponent === 0) return () => 1 + random.int(params.products);
  const rank = createZipf(params.products, params.zipfExponent, random);
  return () => 1 + rank();
}

async function narrate(ctx: Ctx, copies: Copy[]): Promise<void> {
  const perRead = new Map(copies.map((c) => [c.mode, new WindowedRatio(PER_READ_WINDOW_MS)]));
  let lastTold = 0;
  while (!ctx.signal.aborted) {
    await ctx.sleep(NARRATE_EVERY_MS);
    if (ctx.signal.aborted) break;
    const now = ctx.elapsedMs();
    const told: string[] = [];
    for (const copy of copies) {
      const ratio = perRead
        .get(copy.mode)
        ?.sample(now, copy.db.selects, ctx.metrics.counter(key.requests(copy.mode)).total);
      if (ratio === undefined) continue;
      ctx.metrics.gauge(key.queriesPerRead(copy.mode)).set(ratio);
      told.push(`${copy.mode} ${ratio.toFixed(2)}`);
    }
    if (now - lastTold >= 5000 && told.length === copies.length) {
      lastTold = now;
      ctx.event(`SQL statements per page read, last 3 s: ${told.join(', ')}`);
    }
  }
}

function recordFacts(ctx: Ctx, copies: Copy[], writes: number): void {
  for (const { mode, db, client } of copies) {
    ctx.fact(`handlerQueries.${mode}`, client.believedQueries);
    ctx.fact(`dbSelects.${mode}`, db.selects);
    ctx.fact(`dbWrites.${mode}`, db.countWrites());
    ctx.fact(`exposedReads.${mode}`, client.exposedReads);
    ctx.fact(`repeatReads.${mode}`, client.repeatReads);
    ctx.fact(`staleReads.${mode}`, client.staleReads);
    ctx.fact(`maxStaleAgeMs.${mode}`, Math.round(client.maxStaleAgeMs));
  }
  ctx.fact('writesAcknowledged', writes);
  const counts = copies.map((c) => `${c.mode} ${fmt(c.db.selects)}`).join(', ');
  ctx.event(`At the end the databases had executed: ${counts} SELECTs`);
}
