// The run: players join, score events arrive, and leaderboard queries go to Redis and to SQLite
// side by side as the board grows. At the end, a fresh read of Redis against the clients' own
// tally and against SQLite.
import type { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, ThresholdNarrator, Throttle } from '../src/sdk/narration.ts';
import { formatStandings, fromWithScores, playerName, topOf } from './players.ts';
import type { LeaderboardParams } from './params.ts';
import { SqlBoard } from './sql-board.ts';

type Ctx = RunContext<LeaderboardParams>;

const JOIN_EVERY_MS = 100;
const ZADD_CHUNK = 1000;
const SCORERS = 4;
const RANK_SAMPLE = 50;

export async function runLeaderboard(ctx: Ctx): Promise<void> {
  const redis = await ctx.brokers.redis();
  const board = ctx.names.key('board');
  const sql = new SqlBoard(ctx.params.sqlIndex);
  // The clients' own tally: index = player id (from 1), value = points sent and acknowledged.
  const tally: number[] = [0];
  try {
    await join(ctx, redis, board, sql, tally, ctx.params.initialPlayers);
    ctx.event(
      `${fmt(ctx.params.initialPlayers)} players on the board; SQLite ${ctx.params.sqlIndex ? 'has an index on score' : 'has no index on score: top N scans every row'}`,
    );
    const scorers = Array.from({ length: SCORERS }, () => score(ctx, redis, board, sql, tally));
    await Promise.all([
      grow(ctx, redis, board, sql, tally),
      ...scorers,
      query(ctx, redis, board, sql, tally),
    ]);
    await recordFacts(ctx, redis, board, sql, tally);
  } finally {
    sql.close();
  }
}

/** Adds `count` players at 0 points to both stores and the tally. */
async function join(
  ctx: Ctx,
  redis: Redis,
  board: string,
  sql: SqlBoard,
  tally: number[],
  count: number,
): Promise<void> {
  const from = tally.length;
  const to = Math.min(from + count - 1, ctx.params.maxPlayers);
  if (to < from) return;
  sql.join(from, to);
  const pipeline = redis.pipeline();
  for (let start = from; start <= to; start += ZADD_CHUNK) {
    const args: (string | number)[] = [];
    for (let id = start; id <= Math.min(to, start + ZADD_CHUNK - 1); id++) {
      args.push(0, playerName(id));
    }
    pipeline.zadd(board, ...args);
  }
  for (const [error] of (await pipeline.exec()) ?? []) if (error !== null) throw error;
  for (let id = from; id <= to; id++) tally.push(0);
  ctx.metrics.gauge('players').set(tally.length - 1);
}

async function grow(
  ctx: Ctx,
  redis: Redis,
  board: string,
  sql: SqlBoard,
  tally: number[],
): Promise<void> {
  let carry = 0;
  let last = performance.now();
  while (!ctx.signal.aborted) {
    await ctx.sleep(JOIN_EVERY_MS);
    const now = performance.now();
    carry += (ctx.params.newPlayersPerSec * (now - last)) / 1000;
    last = now;
    const count = Math.floor(carry);
    carry -= count;
    if (count > 0 && !ctx.signal.aborted) await join(ctx, redis, board, sql, tally, count);
  }
}

async function score(
  ctx: Ctx,
  redis: Redis,
  board: string,
  sql: SqlBoard,
  tally: number[],
): Promise<void> {
  const updates = ctx.metrics.counter('updates');
  const pacer = ctx.pacer(() => ctx.params.scoreEventsPerSec);
  while (await pacer.wait()) {
    const player = 1 + ctx.random.int(tally.length - 1);
    const points = 1 + ctx.random.int(100);
    sql.score(player, points);
    await redis.zincrby(board, points, playerName(player));
    // Tallied once Redis acknowledged it, so the final comparison has no events in flight.
    tally[player] = (tally[player] ?? 0) + points;
    updates.inc();
  }
}

async function query(
  ctx: Ctx,
  redis: Redis,
  board: string,
  sql: SqlBoard,
  tally: number[],
): Promise<void> {
  const h = {
    topRedis: ctx.metrics.histogram('topN.redis'),
    topSql: ctx.metrics.histogram('topN.sql'),
    rankRedis: ctx.metrics.histogram('rank.redis'),
    rankSql: ctx.metrics.histogram('rank.sql'),
  };
  const latest = { topRedis: 0, topSql: 0, rankRedis: 0, rankSql: 0 };
  const growth = new ThresholdNarrator(10_000, (players) => {
    ctx.event(
      `${fmt(players)} players: top ${ctx.params.topN} takes ${latest.topRedis.toFixed(2)} ms in Redis, ${latest.topSql.toFixed(2)} ms in SQLite; a rank ${latest.rankRedis.toFixed(2)} ms against ${latest.rankSql.toFixed(2)} ms`,
      { mark: true },
    );
  });
  const leadNews = new Throttle(3000);
  let leader = '';
  const pacer = ctx.pacer(() => ctx.params.queriesPerSec);
  while (await pacer.wait()) {
    const n = ctx.params.topN;
    let t = performance.now();
    const top = fromWithScores(await redis.zrevrange(board, 0, n - 1, 'WITHSCORES'));
    latest.topRedis = performance.now() - t;
    t = performance.now();
    sql.topN(n);
    latest.topSql = performance.now() - t;
    const player = 1 + ctx.random.int(tally.length - 1);
    t = performance.now();
    await redis.zrevrank(board, playerName(player));
    latest.rankRedis = performance.now() - t;
    t = performance.now();
    sql.rankOf(player);
    latest.rankSql = performance.now() - t;
    h.topRedis.record(latest.topRedis);
    h.topSql.record(latest.topSql);
    h.rankRedis.record(latest.rankRedis);
    h.rankSql.record(latest.rankSql);
    growth.observe(tally.length - 1);
    const first = top[0];
    if (first !== undefined && first.score > 0 && first.player !== leader) {
      leader = first.player;
      if (leadNews.allow('lead'))
        ctx.event(`${first.player} leads with ${fmt(first.score)} points`);
    }
  }
}

/** Redis read fresh, against the clients' tally and against SQLite. */
async function recordFacts(
  ctx: Ctx,
  redis: Redis,
  board: string,
  sql: SqlBoard,
  tally: number[],
): Promise<void> {
  const n = ctx.params.topN;
  const players = tally.length - 1;
  ctx.fact(
    'redisTop',
    formatStandings(fromWithScores(await redis.zrevrange(board, 0, n - 1, 'WITHSCORES'))),
  );
  ctx.fact('tallyTop', formatStandings(topOf(tally, n)));
  ctx.fact('playersAdded', players);
  ctx.fact('redisPlayers', await redis.zcard(board));
  ctx.fact('sqlPlayers', sql.players());
  // A sample of players, ranked by both stores (0 = the leader).
  const sample = Array.from(
    { length: Math.min(RANK_SAMPLE, players) },
    () => 1 + ctx.random.int(players),
  );
  const pipeline = redis.pipeline();
  for (const p of sample) pipeline.zrevrank(board, playerName(p));
  const ranks = (await pipeline.exec()) ?? [];
  const off = sample.filter((p, i) => {
    const [error, rank] = ranks[i] ?? [new Error('missing reply'), null];
    return error !== null || rank !== sql.rankOf(p);
  });
  ctx.fact('ranksSampled', sample.length);
  ctx.fact('ranksDiffering', off.length);
  if (off.length > 0) ctx.fact('firstDifferingRank', playerName(off[0] ?? 0));
}
