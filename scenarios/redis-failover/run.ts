// Two writers through Sentinel, side by side on one primary: one takes Redis's acknowledgement
// as it comes (asynchronous replication), the other also waits for a replica (WAIT 1). Shortly
// before the primary is killed its replication link stops delivering, so the replicas fall
// behind as they would on a congested network; Sentinel promotes one; a fresh read of it says
// which acknowledged writes it never received.
import type { Redis } from 'ioredis';
import type { RedisSentinelCluster, RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { CUT_BLUR_MS, ackedKey, errorsKey, factKeys, latencyKey, lostKey } from './metrics.ts';
import { WRITERS } from './params.ts';
import type { RedisFailoverParams, WriterKind } from './params.ts';

const VERIFY_BATCH = 1000;
const FAILOVER_GRACE_MS = 5000;

interface Writer {
  kind: WriterKind;
  /** Write number → when it was acknowledged (ms into the run). */
  acked: Map<number, number>;
  next: number;
}

interface Failover {
  /** When the primary's replication link started dropping what it sends. */
  cutAtMs?: number;
  killAtMs?: number;
  /** When the killed process was gone: any acknowledgement after it came from a new primary. */
  deadAtMs?: number;
  /**
   * When the last WAIT 1 a replica confirmed on the old primary was sent. Every write
   * acknowledged before that moment was applied before the WAIT, so a replica had it.
   */
  confirmedAtMs?: number;
  node?: string;
  resumedAtMs?: number;
  switchAtMs?: number;
  /** The node the Sentinels last switched to (each Sentinel announces every switch). */
  switchedTo?: string;
}

export async function runRedisFailover(ctx: RunContext<RedisFailoverParams>): Promise<void> {
  const p = ctx.params;
  ctx.phase('cluster start');
  const cluster = await ctx.privateRedisSentinel({ downAfterMs: p.downAfterMs });
  ctx.event(
    `${cluster.dataNodes.join(', ')} (primary ${cluster.dataNodes[0]}) and ${cluster.sentinels.length} Sentinels started`,
  );
  const failover: Failover = {};
  await watchSentinels(ctx, cluster, failover);
  const writers = WRITERS.map((kind): Writer => ({ kind, acked: new Map(), next: 0 }));
  // Each writer's connections, each asking the Sentinels where the primary is.
  const connected = await Promise.all(
    writers.flatMap((writer) =>
      Array.from({ length: p.concurrency }, async () => ({
        writer,
        redis: await cluster.client(),
      })),
    ),
  );
  const pacers = new Map(WRITERS.map((w) => [w, ctx.pacer(() => ctx.params.writesPerSec)]));

  ctx.phase('load');
  const loadStartSec = ctx.elapsedMs() / 1000;
  const m = {
    acked: ctx.metrics.counter('acked'),
    errors: ctx.metrics.counter('writeErrors'),
  };

  const work = async (writer: Writer, redis: Redis): Promise<void> => {
    const acked = ctx.metrics.counter(ackedKey(writer.kind));
    const errors = ctx.metrics.counter(errorsKey(writer.kind));
    const latency = ctx.metrics.histogram(latencyKey(writer.kind));
    const pacer = pacers.get(writer.kind)!;
    while (await pacer.wait()) {
      const n = ++writer.next;
      const started = performance.now();
      try {
        await redis.set(ctx.names.key(writer.kind, n), String(n));
        if (writer.kind === 'wait') {
          const sentAt = ctx.elapsedMs();
          if ((await redis.wait(1, p.waitTimeoutMs)) < 1) {
            throw new Error('no replica confirmed in time');
          }
          if (failover.killAtMs === undefined || sentAt < failover.killAtMs)
            failover.confirmedAtMs = Math.max(failover.confirmedAtMs ?? 0, sentAt);
        }
        const at = ctx.elapsedMs();
        latency.record(performance.now() - started);
        writer.acked.set(n, at);
        acked.inc();
        m.acked.inc();
        if (failover.deadAtMs !== undefined && failover.resumedAtMs === undefined) {
          failover.resumedAtMs = at;
          ctx.event(`writes acknowledged again ${fmt(at - failover.killAtMs!)} ms after the kill`, {
            mark: true,
          });
        }
      } catch {
        errors.inc();
        m.errors.inc();
      }
    }
  };
  const killAtSec = loadStartSec + p.killAtSec;
  // A black hole (Toxiproxy's timeout toxic with no timeout) on the link replication and the
  // Sentinels use: what the primary sends from now on never arrives.
  ctx.faults.at(Math.max(loadStartSec, killAtSec - p.replicationCutMs / 1000), async () => {
    const node = (await cluster.primary()) ?? cluster.dataNodes[0]!;
    failover.node = node;
    if (p.replicationCutMs === 0) return;
    await ctx.faults.addToxic(cluster.peerLink(node), {
      type: 'timeout',
      stream: 'downstream',
      attributes: { timeout: 0 },
      name: 'replication-cut',
    });
    failover.cutAtMs = ctx.elapsedMs();
  });
  ctx.faults.at(killAtSec, async () => {
    const node = failover.node ?? (await cluster.primary()) ?? cluster.dataNodes[0]!;
    failover.node = node;
    failover.killAtMs = ctx.elapsedMs();
    const counts = writers.map((w) => `${w.kind} ${fmt(w.acked.size)}`).join(', ');
    ctx.event(`killing the primary ${node} after ${counts} acknowledged writes`, 'warn');
    await ctx.faults.act(node, 'kill');
    failover.deadAtMs = ctx.elapsedMs();
  });

  await Promise.all(connected.map(({ writer, redis }) => work(writer, redis)));
  await freshRead(ctx, cluster, writers, failover);
}

/**
 * Notes when a Sentinel announces the new primary (+switch-master), from the Sentinels' side,
 * and any further switch: a second failover loses what the first new primary acknowledged.
 */
async function watchSentinels(
  ctx: RunContext<RedisFailoverParams>,
  cluster: RedisSentinelCluster,
  failover: Failover,
): Promise<void> {
  for (const sentinel of cluster.sentinels) {
    const sub = await cluster.connectTo(sentinel);
    sub.on('message', (_channel: string, message: string) => {
      if (failover.killAtMs === undefined) return;
      const [, , , host, port] = message.split(' ');
      const to = cluster.nodeAt(`${host}:${port}`) ?? `${host}:${port}`;
      if (to === failover.switchedTo) return;
      const from = failover.switchedTo;
      failover.switchedTo = to;
      const after = `${fmt(ctx.elapsedMs() - failover.killAtMs)} ms after the kill`;
      if (from === undefined) {
        failover.switchAtMs = ctx.elapsedMs();
        ctx.event(`Sentinel: +switch-master to ${to}, ${after}`, { mark: true });
      } else {
        ctx.event(
          `Sentinel switched again, from ${from} to ${to}, ${after}: what ${from} acknowledged and ${to} never had is lost`,
          { level: 'warn', mark: true },
        );
      }
    });
    await sub.subscribe('+switch-master');
  }
}

/** Every acknowledged write, asked of the primary Sentinel names now. */
async function freshRead(
  ctx: RunContext<RedisFailoverParams>,
  cluster: RedisSentinelCluster,
  writers: Writer[],
  failover: Failover,
): Promise<void> {
  // A failover still under way when the load stopped (a late kill, a split vote that Sentinel
  // retries after twice failover-timeout) gets a few seconds more.
  let primary = await cluster.primary();
  if (failover.killAtMs !== undefined) {
    await waitFor(
      async () => {
        primary = await cluster.primary();
        return primary !== undefined && primary !== failover.node;
      },
      { withinMs: FAILOVER_GRACE_MS, everyMs: 200 },
    );
  }
  if (primary === undefined) throw new Error('no Sentinel names a primary at the end');
  ctx.fact(factKeys.primaryBySentinel, primary);
  if (primary === failover.node) {
    ctx.fact(factKeys.killAtMs, failover.killAtMs ?? -1);
    ctx.fact(factKeys.killed, primary);
    ctx.event(`the Sentinels still name the killed ${primary}: no failover to read from`, 'warn');
    return;
  }
  // Each data node's own answer; one killed or stopped from the fault panel has none.
  const roles = await Promise.all(
    cluster.dataNodes
      .filter((n) => n !== failover.node)
      .map(async (node) => {
        try {
          const role = (await (await cluster.connectTo(node)).role()) as unknown[];
          return { node, role: String(role[0]) };
        } catch {
          return { node, role: 'unreachable' };
        }
      }),
  );
  ctx.fact(factKeys.primaryByRole, roles.find((r) => r.role === 'master')?.node ?? 'none');
  const reader = await cluster.connectTo(primary);
  let lostTotal = 0;
  const told: string[] = [];
  let firstLostAck: number | undefined;
  for (const writer of writers) {
    const ids = [...writer.acked.keys()];
    let survived = 0;
    for (let i = 0; i < ids.length; i += VERIFY_BATCH) {
      const batch = ids.slice(i, i + VERIFY_BATCH);
      const pipeline = reader.pipeline();
      for (const n of batch) pipeline.exists(ctx.names.key(writer.kind, n));
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((n, j) => {
        const [error, exists] = replies[j] ?? [null, 0];
        if (error) throw error;
        if (exists === 1) survived++;
        else if (writer.kind === 'async') {
          firstLostAck = Math.min(firstLostAck ?? Infinity, writer.acked.get(n) ?? Infinity);
        }
      });
    }
    const lost = ids.length - survived;
    lostTotal += lost;
    const { cutAtMs, deadAtMs, confirmedAtMs } = failover;
    if (cutAtMs !== undefined && deadAtMs !== undefined) {
      // The writer stamps an acknowledgement when its turn on the event loop comes, a little
      // after the reply left the primary: writes stamped near the cut may have left before it.
      const since = (from: number): number =>
        [...writer.acked.values()].filter((at) => at >= from && at <= deadAtMs).length;
      ctx.fact(factKeys.ackedInCut(writer.kind), since(cutAtMs + CUT_BLUR_MS));
      ctx.fact(factKeys.ackedNearCut(writer.kind), since(cutAtMs - CUT_BLUR_MS));
      if (confirmedAtMs !== undefined)
        ctx.fact(factKeys.ackedSinceConfirmed(writer.kind), since(confirmedAtMs));
    }
    told.push(`${writer.kind} ${fmt(lost)} of ${fmt(ids.length)}`);
    ctx.metrics.gauge(lostKey(writer.kind)).set(lost);
    ctx.fact(factKeys.acked(writer.kind), ids.length);
    ctx.fact(factKeys.survived(writer.kind), survived);
  }
  ctx.metrics.gauge('lost').set(lostTotal);
  if (failover.killAtMs === undefined) {
    ctx.event('the run ended before the kill: nothing was failed over', 'warn');
    return;
  }
  ctx.fact(factKeys.killAtMs, failover.killAtMs);
  ctx.fact(factKeys.killed, failover.node ?? '');
  if (failover.cutAtMs !== undefined)
    ctx.fact(factKeys.cutMs, failover.killAtMs - failover.cutAtMs);
  if (failover.confirmedAtMs !== undefined) {
    ctx.fact(factKeys.confirmedMs, failover.killAtMs - failover.confirmedAtMs);
    // Replication already behind before the black hole (a starved machine, a stalled replica):
    // the loss then reaches back past the cut, and the run says so.
    if (failover.cutAtMs !== undefined && failover.confirmedAtMs < failover.cutAtMs - CUT_BLUR_MS) {
      ctx.event(
        `the replicas last confirmed a write ${fmt(failover.killAtMs - failover.confirmedAtMs)} ms before the kill: they were already behind when the cut came`,
        'warn',
      );
    }
  }
  if (firstLostAck !== undefined) {
    ctx.fact(factKeys.lossWindowMs, Math.max(0, failover.killAtMs - firstLostAck));
  }
  if (failover.resumedAtMs !== undefined) {
    const ms = failover.resumedAtMs - failover.killAtMs;
    ctx.fact(factKeys.failoverMs, ms);
    ctx.metrics.gauge('failoverMs').set(ms);
  }
  if (failover.switchAtMs !== undefined) {
    const ms = failover.switchAtMs - failover.killAtMs;
    ctx.fact(factKeys.switchMasterMs, ms);
    ctx.metrics.gauge('switchMasterMs').set(ms);
  }
  ctx.event(
    `fresh read of ${primary}: ${plural(lostTotal, 'acknowledged write')} missing (${told.join('; ')})`,
    { level: lostTotal > 0 ? 'warn' : 'info', mark: true },
  );
}
