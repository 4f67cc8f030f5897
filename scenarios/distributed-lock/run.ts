// The run: the clients take turns on one Redis lock, each on its own connection; now and then
// a holder stalls past the lock's TTL. At the end Redis's fencing counter and the storage's log
// are read for the checks.
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { openRedisClients } from '../src/sdk/redis/index.ts';
import { runLockClient } from './lock-client.ts';
import type { HoldTally, LockRecorders } from './lock-client.ts';
import { defineLock } from './lua/commands.ts';
import { LockNarrator } from './narration.ts';
import type { DistributedLockParams } from './params.ts';
import { FencedStorage } from './storage.ts';
import { LockWitness } from './witness.ts';

type Ctx = RunContext<DistributedLockParams>;

const RETRY_MS = 20;

export async function runDistributedLock(ctx: Ctx): Promise<void> {
  const { clients, fencing } = ctx.params;
  const lockKey = ctx.names.key('lock');
  const fenceKey = ctx.names.key('lock', 'fence');
  const storage = new FencedStorage(fencing);
  const witness = new LockWitness();
  const narrator = new LockNarrator((m, level) => ctx.event(m, level), fencing);
  const recorders = createRecorders(ctx);
  const holds: HoldTally = {
    surelyExpired: 0,
    surelyExpiredButReleased: 0,
    surelyLive: 0,
    surelyLiveButGone: 0,
  };
  let nextPauseAt = performance.now() + ctx.params.pauseEverySec * 1000;
  const shouldPause = (): boolean => {
    const now = performance.now();
    if (now < nextPauseAt) return false;
    nextPauseAt = now + ctx.params.pauseEverySec * 1000;
    return true;
  };

  ctx.event(
    `${clients} clients take turns on one lock (SET NX PX ${fmt(ctx.params.lockTtlMs)} ms, a fencing token from INCR with each grant); every ${fmt(ctx.params.pauseEverySec)} s a holder stalls ${fmt(ctx.params.pauseMs)} ms. The storage ${fencing ? 'refuses any request with an older token than it has seen' : 'accepts every write: no fencing'}`,
  );
  const connections = (
    await openRedisClients(ctx.brokers, clients, { name: (i) => ctx.names.key('client', i + 1) })
  ).map(defineLock);
  await Promise.all(
    connections.map((redis, i) =>
      runLockClient({
        client: i + 1,
        redis,
        lockKey,
        fenceKey,
        storage,
        witness,
        recorders,
        listener: narrator,
        holds,
        params: () => ctx.params,
        shouldPause,
        sleep: (ms) => ctx.sleep(ms),
        retryDelay: () => RETRY_MS * (0.5 + ctx.random.next()),
        signal: ctx.signal,
      }),
    ),
  );

  // Every client has let go. Redis's counter says how many tokens it issued; the storage's log
  // says what it did with the writes.
  const redis = await ctx.brokers.redis();
  const fence = Number((await redis.get(fenceKey)) ?? 0);
  const t = storage.totals;
  ctx.fact('redisFence', fence);
  ctx.fact('storageFinalValue', storage.value);
  ctx.fact('storageAccepted', t.acceptedWrites);
  ctx.fact('storageRefused', t.refusedWrites);
  ctx.fact('storageRefusedReads', t.refusedReads);
  ctx.fact('storageStaleAccepted', t.staleAccepted);
  ctx.fact('storageErased', t.erased);
  for (const [key, n] of Object.entries(holds)) ctx.fact(key, n);
  ctx.event(
    `The storage holds ${fmt(storage.value)} after ${plural(recorders.acknowledged.total, 'increment')} the clients were told it accepted; its log: ${fmt(t.acceptedWrites)} writes accepted, ${fmt(t.refusedWrites)} refused, ${fmt(t.staleAccepted)} stale writes accepted, ${fmt(t.erased)} increments lost. Redis issued ${fmt(fence)} tokens`,
    t.erased > 0 ? 'warn' : 'info',
  );
}

function createRecorders(ctx: Ctx): LockRecorders {
  const m = ctx.metrics;
  return {
    acquired: m.counter('acquired'),
    contended: m.counter('contended'),
    overlaps: m.counter('overlaps'),
    pauses: m.counter('pauses'),
    staleWrites: m.counter('staleWrites'),
    staleWritesRejected: m.counter('staleWritesRejected'),
    acknowledged: m.counter('acknowledged'),
    lockLost: m.counter('lockLost'),
    holders: m.gauge('holders'),
    storageValue: m.gauge('storageValue'),
    lostIncrements: m.gauge('lostIncrements'),
    holdMs: m.histogram('holdMs'),
  };
}
