// Numbered writes to a private Redis that is killed with SIGKILL mid-run and restarted over its
// own files; then a fresh read asks the restarted server for every write it had acknowledged.
import type { Redis } from 'ioredis';
import type { PrivateRedisSettings, RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { infoNumber, readInfo } from '../src/sdk/redis/index.ts';
import type { PersistenceParams } from './params.ts';

const VERIFY_BATCH = 500;

export function serverSettings(p: PersistenceParams): PrivateRedisSettings {
  return p.mode === 'snapshots'
    ? { appendonly: false, save: `${p.saveEverySec} 1` }
    : { appendonly: true, appendfsync: p.mode, save: '' };
}

export async function runPersistence(ctx: RunContext<PersistenceParams>): Promise<void> {
  const p = ctx.params;
  const server = await ctx.privateRedis(serverSettings(p));
  const m = {
    acked: ctx.metrics.counter('acked'),
    failed: ctx.metrics.counter('failed'),
    latency: ctx.metrics.histogram('writeLatency'),
    survived: ctx.metrics.gauge('survived'),
    lost: ctx.metrics.gauge('lost'),
    window: ctx.metrics.gauge('lossWindowMs'),
  };
  ctx.event(
    `private Redis at ${server.address}: ${p.mode === 'snapshots' ? `snapshots every ${p.saveEverySec} s, no AOF` : `AOF with appendfsync ${p.mode}`}`,
  );

  let next = 0;
  let beforeKill = true;
  // Write number → when it was acknowledged (ms into the run), for writes acked before the kill.
  const ackedAt = new Map<number, number>();
  const pacer = ctx.pacer(() => ctx.params.writesPerSec);
  let killed = false;

  const writer = async (redis: Redis): Promise<void> => {
    while (await pacer.wait()) {
      const n = ++next;
      const before = beforeKill;
      const started = performance.now();
      try {
        await redis.set(ctx.names.key('w', n), String(n));
        m.latency.record(performance.now() - started);
        m.acked.inc();
        if (before) ackedAt.set(n, ctx.elapsedMs());
      } catch {
        m.failed.inc();
      }
    }
  };

  const killer = async (): Promise<void> => {
    await ctx.sleep(p.killAtSec * 1000);
    if (ctx.signal.aborted) return;
    const pid = server.pid;
    await server.kill();
    const killAt = ctx.elapsedMs();
    ctx.fact('killAtMs', killAt);
    ctx.event(`kill -9 ${pid} after ${plural(ackedAt.size, 'acknowledged write')}`, {
      level: 'warn',
      mark: true,
    });
    const t = performance.now();
    await server.restart();
    beforeKill = false;
    killed = true;
    ctx.event(`restarted in ${fmt(Math.round(performance.now() - t))} ms (pid ${server.pid})`, {
      mark: true,
    });
    await verify(killAt);
  };

  // The fresh read: the restarted server, asked for each write it acknowledged before the kill.
  const verify = async (killAt: number): Promise<void> => {
    const admin = await server.client();
    const ids = [...ackedAt.keys()];
    let survived = 0;
    let firstLostAck: number | undefined;
    for (let i = 0; i < ids.length; i += VERIFY_BATCH) {
      const batch = ids.slice(i, i + VERIFY_BATCH);
      const pipeline = admin.pipeline();
      for (const n of batch) pipeline.exists(ctx.names.key('w', n));
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((n, j) => {
        const [error, exists] = replies[j] ?? [null, 0];
        if (error) throw error;
        if (exists === 1) survived++;
        else firstLostAck = Math.min(firstLostAck ?? Infinity, ackedAt.get(n) ?? Infinity);
      });
    }
    const lost = ids.length - survived;
    const window = firstLostAck === undefined ? 0 : Math.max(0, killAt - firstLostAck);
    m.survived.set(survived);
    m.lost.set(lost);
    m.window.set(window);
    ctx.fact('ackedBeforeKill', ids.length);
    ctx.fact('survived', survived);
    ctx.fact('lossWindowMs', window);
    const info = await readInfo(admin, 'persistence');
    ctx.fact('aofEnabled', infoNumber(info, 'aof_enabled'));
    ctx.event(
      lost === 0
        ? `all ${fmt(ids.length)} acknowledged writes survived the kill`
        : `${plural(lost, 'acknowledged write')} lost: the last ${fmt(window)} ms before the kill`,
      { level: lost === 0 ? 'info' : 'warn', mark: true },
    );
  };

  const writers = await Promise.all(Array.from({ length: p.concurrency }, () => server.connect()));
  await Promise.all([killer(), ...writers.map(writer)]);
  if (!killed) ctx.event('the run ended before the kill: nothing to compare', 'warn');
}
