// The run: set the balances, let the workers move money on their own connections with the live
// strategy, sample Redis's total, and at the end hold every balance against the workers' tally.
import type { RunContext } from '../src/sdk/contract.ts';
import { poll } from '../src/sdk/poll.ts';
import { openRedisClients } from '../src/sdk/redis/index.ts';
import { defineTransfer } from './lua/commands.ts';
import type { TransferRedis } from './lua/commands.ts';
import { Ledger } from './ledger.ts';
import { STRATEGY_STORY, TransactionsNarrator, signed } from './narration.ts';
import { STRATEGIES } from './params.ts';
import type { Strategy, TransactionsParams } from './params.ts';
import { STRATEGY } from './strategies.ts';
import type { Transfer, WorkerDeps } from './strategies.ts';
import { fmt } from '../src/sdk/narration.ts';

type Ctx = RunContext<TransactionsParams>;

const SAMPLE_EVERY_MS = 250;

export async function runTransactions(ctx: Ctx): Promise<void> {
  const { accounts, initialBalance, workers, maxAmount } = ctx.params;
  const keys = Array.from({ length: accounts }, (_, i) => ctx.names.key('account', i + 1));
  const initialTotal = accounts * initialBalance;
  const redis = await ctx.brokers.redis();
  await redis.mset(Object.fromEntries(keys.map((k) => [k, initialBalance])));

  const ledger = new Ledger(accounts);
  const totalDrift = ctx.metrics.gauge('totalDrift');
  const belowZero = ctx.metrics.gauge('belowZero');
  const narrator = new TransactionsNarrator(
    (m, level) => ctx.event(m, level),
    () => totalDrift.value,
  );
  const counters = {
    retries: ctx.metrics.counter('retries'),
    lostUpdates: ctx.metrics.counter('lostUpdates'),
    overdrafts: ctx.metrics.counter('overdrafts'),
  };
  const ops = ctx.metrics.counter('ops');
  const declined = ctx.metrics.counter('declined');
  const latency = ctx.metrics.histogram('latency');
  const opsBy = new Map<Strategy, number>(STRATEGIES.map((s) => [s, 0]));

  ctx.event(
    `${accounts} accounts hold ${fmt(initialBalance)} each, ${fmt(initialTotal)} in all; ${workers} workers move 1–${fmt(maxAmount)} at a time. ${ctx.params.strategy}: ${STRATEGY_STORY[ctx.params.strategy]}`,
  );
  ctx.onParamsChange((changed) => {
    if (changed.includes('strategy')) {
      ctx.event(
        `From the next transfer on, ${ctx.params.strategy}: ${STRATEGY_STORY[ctx.params.strategy]}`,
      );
    }
  });

  // WATCH belongs to a connection: each worker needs its own.
  const connections: TransferRedis[] = (
    await openRedisClients(ctx.brokers, workers, { name: (i) => ctx.names.key('worker', i + 1) })
  ).map(defineTransfer);

  const sampling = new AbortController();
  const sampler = poll(
    async () => {
      const balances = (await redis.mget(...keys)).map((v) => Number(v ?? 0));
      totalDrift.set(balances.reduce((sum, b) => sum + b, 0) - initialTotal);
      belowZero.set(balances.filter((b) => b < 0).length);
    },
    SAMPLE_EVERY_MS,
    sampling.signal,
  );

  const pick = (): Transfer => {
    const from = ctx.random.int(accounts);
    const to = (from + 1 + ctx.random.int(accounts - 1)) % accounts;
    return { from, to, amount: 1 + ctx.random.int(maxAmount) };
  };
  const think = (): Promise<void> =>
    ctx.params.thinkMs > 0 ? ctx.sleep(ctx.params.thinkMs) : Promise.resolve();
  const pacer = ctx.pacer(() => ctx.params.transfersPerSec);

  try {
    await Promise.all(
      connections.map(async (connection) => {
        const deps: WorkerDeps = {
          redis: connection,
          keys,
          ledger,
          think,
          signal: ctx.signal,
          counters,
          listener: narrator,
        };
        while (await pacer.wait()) {
          const strategy = ctx.params.strategy;
          const started = performance.now();
          const outcome = await STRATEGY[strategy](deps, pick());
          latency.recordSince(started);
          if (outcome === 'moved') {
            ops.inc();
            opsBy.set(strategy, (opsBy.get(strategy) ?? 0) + 1);
          } else if (outcome === 'declined') declined.inc();
        }
      }),
    );
  } finally {
    sampling.abort();
    await sampler;
  }

  // Every worker has finished: a fresh read of every balance, held against the tally.
  const raw = await redis.mget(...keys);
  const balances = raw.map((v) => Number(v ?? 0));
  const result = ledger.compare(balances, initialBalance);
  totalDrift.set(result.redisTotal - initialTotal);
  belowZero.set(result.belowZero);
  for (const [strategy, n] of opsBy) ctx.fact(`ops.${strategy}`, n);
  ctx.fact('missingKeys', raw.filter((v) => v === null).length);
  ctx.fact('redisTotal', result.redisTotal);
  ctx.fact('accountsOffTally', result.accountsOff);
  ctx.fact('driftFromTally', result.driftFromTally);
  ctx.fact('erasedNet', result.erasedNet);
  ctx.fact('belowZeroAccounts', result.belowZero);
  ctx.event(
    `At the end Redis holds ${fmt(result.redisTotal)} (${result.redisTotal === initialTotal ? 'exactly what it started with' : `${signed(result.redisTotal - initialTotal)} on the ${fmt(initialTotal)} it started with`}); its balances are ${fmt(result.driftFromTally)} away from the workers' tally in all` +
      (result.driftFromTally > 0
        ? `, which the lost updates' erased amounts explain in ${accounts - result.accountsOff} of ${accounts} accounts`
        : ''),
    result.redisTotal === initialTotal ? 'info' : 'warn',
  );
}
