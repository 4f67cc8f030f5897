// A live reshard done the way redis-cli does it, one slot at a time, so each step can be seen:
// the target marks the slot IMPORTING, the source MIGRATING; the source MIGRATEs its keys; the
// slot stays half-moved for a moment (a client asking the source for one of its keys gets ASK);
// then every primary is told the slot's new owner (a client still asking the source gets MOVED).
import type { Redis } from 'ioredis';
import type { ClusterNodeView, RedisClusterHandle, RunContext } from '../src/sdk/contract.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import type { RedisClusterParams } from './params.ts';

export interface ReshardResult {
  source: string;
  target: string;
  slots: number[];
  keysMigrated: number;
}

export const ownerOf = (view: ClusterNodeView[], slot: number): ClusterNodeView | undefined =>
  view.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));

/** The slots of the users whose keys live on `source`, each once, in order. */
export async function userSlotsOn(
  direct: Redis,
  view: ClusterNodeView[],
  source: string,
  userKeys: string[],
): Promise<number[]> {
  const slots = new Set<number>();
  for (const key of userKeys) {
    const slot = Number(await direct.call('CLUSTER', 'KEYSLOT', key));
    if (ownerOf(view, slot)?.node === source) slots.add(slot);
  }
  return [...slots].sort((a, b) => a - b);
}

export async function reshard(
  ctx: RunContext<RedisClusterParams>,
  cluster: RedisClusterHandle,
  plan: { source: string; target: string; slots: number[] },
  onSlotMoved: (moved: number) => void,
): Promise<ReshardResult> {
  const view = await cluster.view();
  const source = view.find((n) => n.node === plan.source);
  const target = view.find((n) => n.node === plan.target);
  if (!source || !target) throw new Error(`no ${plan.source} or ${plan.target} in the cluster`);
  const [host, port] = target.address.split(':');
  const from = await cluster.connectTo(source.node);
  const to = await cluster.connectTo(target.node);
  const others = await Promise.all(
    view
      .filter((n) => n.role === 'master' && n !== source && n !== target)
      .map((n) => cluster.connectTo(n.node)),
  );
  ctx.event(
    `reshard: ${plural(plan.slots.length, 'slot')} of ${source.node} → ${target.node}, one at a time`,
    { mark: true },
  );
  let keysMigrated = 0;
  let moved = 0;
  const done: number[] = [];
  for (const slot of plan.slots) {
    // The run stopped: no new slot is started (the one in hand was finished).
    if (ctx.signal.aborted) break;
    await to.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id);
    await from.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
    for (;;) {
      const keys = (await from.call('CLUSTER', 'GETKEYSINSLOT', slot, 100)) as string[];
      if (keys.length === 0) break;
      await from.call('MIGRATE', host!, port!, '', 0, 5000, 'KEYS', ...keys);
      keysMigrated += keys.length;
    }
    // Half-moved: the source answers ASK for every key it no longer has.
    if (ctx.params.askWindowMs > 0) await ctx.sleep(ctx.params.askWindowMs);
    // The target first, so it never refuses a key the source already sends it to.
    await to.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id);
    await from.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id);
    // The other primaries would learn it by gossip; telling them spares their clients a MOVED
    // chain. One paused or killed is not the reshard's failure.
    await Promise.all(
      others.map((o) =>
        o.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id).catch(() => undefined),
      ),
    );
    done.push(slot);
    onSlotMoved(++moved);
  }
  ctx.event(
    `reshard done: ${plural(moved, 'slot')} and ${fmt(keysMigrated)} keys now on ${target.node}`,
    { mark: true },
  );
  return { source: source.node, target: target.node, slots: done, keysMigrated };
}
