// A Redis Cluster of six nodes under a steady mix of plain keys (spread over the slots) and
// users' keys (two per user, held together by a hash tag). A live reshard moves the slots of
// redis-1's users to redis-2 while the load goes, then a primary is killed and its replica
// takes over. The client's redirect counts are held against the nodes' own error counters.
import type { Redis } from 'ioredis';
import type { ClusterClient, RedisClusterHandle, RunContext } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import { poll, waitFor } from '../src/sdk/poll.ts';
import { errorCount, readInfo } from '../src/sdk/redis/info.ts';
import { factKeys } from './metrics.ts';
import type { RedisClusterParams } from './params.ts';
import { ownerOf, reshard, userSlotsOn } from './reshard.ts';

type Ctx = RunContext<RedisClusterParams>;

/** The same error kind, summed over every node that answers; undefined if one does not. */
async function serverErrors(
  nodes: Map<string, Redis>,
  kinds: readonly string[],
): Promise<Record<string, number> | undefined> {
  const sums: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const redis of nodes.values()) {
    const info = await readInfo(redis, 'errorstats').catch(() => undefined);
    if (!info) return undefined;
    for (const k of kinds) sums[k]! += errorCount(info, k);
  }
  return sums;
}

/** MULTI on one user's hash tag runs; a multi-key command without a tag is refused. */
async function showTags(ctx: Ctx, client: ClusterClient, nodes: Map<string, Redis>): Promise<void> {
  const tag = '{user:1}';
  const tx = await client.cluster
    .multi()
    .incr(ctx.names.key(tag, 'visits'))
    .set(ctx.names.key(tag, 'seen'), String(Date.now()))
    .exec()
    .catch(() => null);
  const ok = tx !== null && tx.every(([error]) => error === null);
  ctx.fact(factKeys.tagTransaction, ok);
  let refused = false;
  try {
    await client.cluster.mset(ctx.names.key('plain', 'a'), '1', ctx.names.key('plain', 'b'), '2');
  } catch (error) {
    refused = (error as Error).message.startsWith('CROSSSLOT');
  }
  ctx.fact(factKeys.crossSlotClient, refused);
  const server = await serverErrors(nodes, ['CROSSSLOT']);
  if (server) ctx.fact(factKeys.crossSlotServer, server.CROSSSLOT ?? 0);
  ctx.event(
    `MULTI on ${tag}'s two keys ${ok ? 'ran' : 'failed'}; MSET of two untagged keys ${refused ? 'refused: CROSSSLOT' : 'was not refused'}`,
  );
}

export async function runRedisCluster(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  ctx.phase('cluster start');
  const cluster = await ctx.privateRedisCluster();
  const client = await cluster.client();
  const nodes = new Map<string, Redis>();
  for (const node of cluster.nodes) nodes.set(node, await cluster.connectTo(node));
  const view = await cluster.view();
  ctx.event(
    view
      .filter((n) => n.role === 'master')
      .map((n) => `${n.node} ${n.slots.map(([a, b]) => `${a}-${b}`).join(',')}`)
      .join('; ') +
      ` (replicas ${view
        .filter((n) => n.role === 'slave')
        .map((n) => `${n.node}→${n.primaryOf}`)
        .join(', ')})`,
  );
  const userKey = (u: number, field: string): string => ctx.names.key(`{user:${u}}`, field);
  await showTags(ctx, client, nodes);

  ctx.phase('load');
  const loadStartSec = ctx.elapsedMs() / 1000;
  const m = {
    ops: ctx.metrics.counter('ops'),
    errors: ctx.metrics.counter('errors'),
    moved: ctx.metrics.counter('moved'),
    ask: ctx.metrics.counter('ask'),
    slotsMoved: ctx.metrics.gauge('slotsMoved'),
    latency: ctx.metrics.histogram('opLatency'),
  };
  const polling = new AbortController();
  const seen = { moved: 0, ask: 0 };
  // The client counts redirects as it follows them; the chart gets them ten times a second.
  const syncRedirects = (): void => {
    m.moved.inc(client.redirects.moved - seen.moved);
    m.ask.inc(client.redirects.ask - seen.ask);
    Object.assign(seen, client.redirects);
  };
  const redirectPoll = poll(syncRedirects, 100, polling.signal);
  // Keys per primary, from the nodes: DBSIZE of each node that reports the master role.
  const readKeys = (): Promise<void> =>
    Promise.all(
      [...nodes].map(async ([node, redis]) => {
        const gauge = ctx.metrics.gauge(`slots.${node}`);
        const role = (await redis.role().catch(() => ['gone'])) as unknown[];
        gauge.set(role[0] === 'master' ? await redis.dbsize().catch(() => 0) : 0);
      }),
    ).then(() => undefined);
  const keysPoll = poll(readKeys, 1000, polling.signal);

  // Settled as they end (a rejection nobody listens to yet would end the process).
  const resharding =
    p.reshardAtSec > 0
      ? runReshard(ctx, cluster, client, nodes, loadStartSec, m.slotsMoved).catch((error: Error) =>
          ctx.event(`reshard stopped: ${error.message}`, 'warn'),
        )
      : null;
  const killing = p.killAtSec > 0 ? scheduleKill(ctx, cluster, loadStartSec) : null;

  const pacer = ctx.pacer(() => ctx.params.opsPerSec);
  let n = 0;
  const work = async (): Promise<void> => {
    while (await pacer.wait()) {
      const started = performance.now();
      const i = ++n;
      try {
        if (ctx.random.next() < 0.5) {
          await client.cluster.set(ctx.names.key('k', ctx.random.int(p.keys)), String(i));
        } else {
          const u = ctx.random.int(p.users) + 1;
          await client.cluster.mset(
            userKey(u, 'visits'),
            String(i),
            userKey(u, 'seen'),
            String(Date.now()),
          );
        }
        m.ops.inc();
        m.latency.record(performance.now() - started);
      } catch {
        m.errors.inc();
      }
    }
  };
  await Promise.all(Array.from({ length: p.concurrency }, work));
  await resharding;
  if (killing) await afterKill(ctx, cluster, nodes, await killing);
  polling.abort();
  await Promise.all([redirectPoll, keysPoll]);
  syncRedirects();
  await readKeys();
}

async function runReshard(
  ctx: Ctx,
  cluster: RedisClusterHandle,
  client: ClusterClient,
  nodes: Map<string, Redis>,
  loadStartSec: number,
  slotsMoved: { set(v: number): void },
): Promise<void> {
  const p = ctx.params;
  await ctx.sleep(Math.max(0, (loadStartSec + p.reshardAtSec) * 1000 - ctx.elapsedMs()));
  if (ctx.signal.aborted) return;
  const view = await cluster.view();
  const source = ownerOf(view, 0)?.node ?? 'redis-1';
  const target = ownerOf(view, 8192)?.node ?? 'redis-2';
  const userKeys = Array.from({ length: p.users }, (_, u) =>
    ctx.names.key(`{user:${u + 1}}`, 'visits'),
  );
  const slots = await userSlotsOn(nodes.get(source)!, view, source, userKeys);
  const result = await reshard(ctx, cluster, { source, target, slots }, (k) => slotsMoved.set(k));
  ctx.fact(factKeys.slotsPlanned, result.slots.length);
  ctx.fact(factKeys.keysMigrated, result.keysMigrated);
  // The cluster's own account of the move: who owns the slots, and where their keys are.
  const after = await cluster.view();
  let owned = 0;
  let left = 0;
  let there = 0;
  for (const slot of result.slots) {
    if (ownerOf(after, slot)?.node === target) owned++;
    left += Number(await nodes.get(source)!.call('CLUSTER', 'COUNTKEYSINSLOT', slot));
    there += Number(await nodes.get(target)!.call('CLUSTER', 'COUNTKEYSINSLOT', slot));
  }
  ctx.fact(factKeys.slotsOwnedByTarget, owned);
  ctx.fact(factKeys.keysLeftOnSource, left);
  ctx.fact(factKeys.keysOnTarget, there);
  // Once the client has caught up with the new owners its counts stop moving; then the nodes'
  // own counters of the MOVED and ASK replies they sent are read, before any node is killed.
  let last = '';
  await waitFor(
    () => {
      const now = `${client.redirects.moved}/${client.redirects.ask}`;
      const still = now === last;
      last = now;
      return still;
    },
    { withinMs: 3000, everyMs: 400 },
  );
  const server = await serverErrors(nodes, ['MOVED', 'ASK']);
  if (!server) {
    ctx.event('a node did not answer: its redirect counts are not known', 'warn');
    return;
  }
  ctx.fact(factKeys.serverMoved, server.MOVED ?? 0);
  ctx.fact(factKeys.serverAsk, server.ASK ?? 0);
  ctx.fact(factKeys.clientMoved, client.redirects.moved);
  ctx.fact(factKeys.clientAsk, client.redirects.ask);
  ctx.event(
    `redirects: the client followed ${fmt(client.redirects.moved)} MOVED and ${fmt(client.redirects.ask)} ASK; the nodes sent ${fmt(server.MOVED ?? 0)} MOVED and ${fmt(server.ASK ?? 0)} ASK`,
  );
}

interface Killed {
  node: string;
  slots: number;
  replica: string | undefined;
}

/** Resolves when the kill is done (or never, if the load stops first: then undefined). */
function scheduleKill(
  ctx: Ctx,
  cluster: RedisClusterHandle,
  loadStartSec: number,
): Promise<Killed | undefined> {
  return new Promise((done) => {
    // Stopped while the cluster was still forming: an abort listener added now would never fire.
    if (ctx.signal.aborted) return done(undefined);
    ctx.signal.addEventListener('abort', () => done(undefined), { once: true });
    ctx.faults.at(loadStartSec + ctx.params.killAtSec, async () => {
      const view = await cluster.view();
      const victim = view.find((n) => n.node === ctx.params.killNode);
      const replica = view.find((n) => n.primaryOf === ctx.params.killNode)?.node;
      const slots = (victim?.slots ?? []).reduce((sum, [a, b]) => sum + b - a + 1, 0);
      ctx.event(
        `killing ${ctx.params.killNode} (${victim?.role ?? 'unknown'}, ${fmt(slots)} slots; replica ${replica ?? 'none'})`,
        'warn',
      );
      await ctx.faults.act(ctx.params.killNode, 'kill');
      done({ node: ctx.params.killNode, slots, replica });
    });
  });
}

/** The cluster's view after the kill: has the replica taken the dead primary's slots? */
async function afterKill(
  ctx: Ctx,
  cluster: RedisClusterHandle,
  nodes: Map<string, Redis>,
  killed: Killed | undefined,
): Promise<void> {
  if (!killed) return;
  ctx.fact(factKeys.killed, killed.node);
  ctx.fact(factKeys.killedSlots, killed.slots);
  if (!killed.replica) return;
  ctx.fact(factKeys.replicaOfKilled, killed.replica);
  const replica = nodes.get(killed.replica)!;
  await waitFor(async () => ((await replica.role().catch(() => [])) as unknown[])[0] === 'master', {
    withinMs: 4000,
    everyMs: 100,
  });
  const view = await cluster.view();
  const promoted = view.find((n) => n.node === killed.replica);
  const slots =
    promoted?.role === 'master' ? promoted.slots.reduce((s, [a, b]) => s + b - a + 1, 0) : 0;
  ctx.fact(factKeys.promotedSlots, slots);
  ctx.fact(
    factKeys.promotedRole,
    String(((await replica.role().catch(() => ['?'])) as unknown[])[0]),
  );
  const info = String(await replica.call('CLUSTER', 'INFO').catch(() => ''));
  ctx.fact(factKeys.clusterState, /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown');
  ctx.event(
    `${killed.replica} serves ${fmt(slots)} slots now (${killed.node} had ${fmt(killed.slots)})`,
    {
      mark: true,
    },
  );
}
