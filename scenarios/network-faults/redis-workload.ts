// Redis: each request is an RPUSH of one value onto the run's list, so afterwards a fresh
// connection's LLEN says how many writes Redis applied, to hold against the replies the clients
// got. ioredis sends the commands in flight again after it reconnects (maxRetriesPerRequest), so
// a dropped connection can apply an RPUSH twice: the requests in flight at each drop are counted.
import { withDeadline } from '../src/sdk/index.ts';
import { runClosedLoop, stopped } from './closed-loop.ts';
import { factKeys } from './facts.ts';
import type { WorkloadHooks } from './workload.ts';

// The loop's last requests answer once the link is healed; one held past that is abandoned.
const SETTLE_MS = 3000;

export async function runRedisWorkload({ ctx, onAnswered, onError }: WorkloadHooks): Promise<void> {
  const p = ctx.params;
  const redis = await ctx.brokers.redis();
  const list = ctx.names.key('writes');
  const value = 'x'.repeat(p.payloadBytes);
  let acknowledged = 0;
  let failed = 0;
  let inFlight = 0;
  let inFlightAtDrops = 0;
  const onClose = (): void => {
    inFlightAtDrops += inFlight;
  };
  redis.on('close', onClose);
  const loop = runClosedLoop({
    workers: p.inFlight,
    request: async () => {
      inFlight++;
      try {
        await redis.rpush(list, value);
      } finally {
        inFlight--;
      }
      acknowledged++;
    },
    think: () => ctx.params.thinkMs,
    signal: ctx.signal,
    sleep: (ms) => ctx.sleep(ms),
    onAnswered,
    onError: (error) => {
      failed++;
      onError(error);
    },
  });
  await stopped(ctx.signal);
  const settled = await withDeadline(loop, SETTLE_MS, 'the last requests').then(
    () => true,
    () => false,
  );
  redis.off('close', onClose);
  // A connection of its own: the workers' one may still hold a request the fault swallowed.
  const fresh = await ctx.brokers.newRedis();
  const holds = await fresh.llen(list);
  ctx.fact(factKeys.acknowledged, acknowledged);
  ctx.fact(factKeys.brokerHolds, holds);
  ctx.fact(factKeys.failedRequests, failed);
  ctx.fact(factKeys.inFlightAtDrops, inFlightAtDrops);
  ctx.fact(factKeys.settled, settled);
  ctx.event(
    `Redis holds ${holds} values in the list; the clients saw ${acknowledged} RPUSH replies and ${failed} failures${inFlightAtDrops > 0 ? `, and ${inFlightAtDrops} requests were in flight when the connection dropped (ioredis sends those again)` : ''}`,
  );
}
