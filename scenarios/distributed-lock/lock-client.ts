// One client's loop: take the lock (SET NX PX, with a fencing token from INCR), read the
// storage, work, sometimes stall, write back plus one with the token, release (compare and
// delete). Every step is counted from the answer it got, Redis's or the storage's.
import type { Counter, Gauge, Histogram } from '../src/sdk/recorders.ts';
import type { LockRedis } from './lua/commands.ts';
import type { FencedStorage } from './storage.ts';
import type { LockWitness } from './witness.ts';

export interface LockRecorders {
  acquired: Counter;
  contended: Counter;
  overlaps: Counter;
  pauses: Counter;
  staleWrites: Counter;
  staleWritesRejected: Counter;
  acknowledged: Counter;
  lockLost: Counter;
  holders: Gauge;
  storageValue: Gauge;
  lostIncrements: Gauge;
  holdMs: Histogram;
}

export interface LockListener {
  paused(client: number, token: number, pauseMs: number, ttlMs: number): void;
  overlap(client: number, token: number, others: [number, number][]): void;
  /** A write with an outdated token; `before`/`after` are the storage's value around it. */
  staleWrite(client: number, token: number, accepted: boolean, before: number, after: number): void;
}

/**
 * Holds measured on both sides of Redis: `inner` (grant answered → release sent) can only be
 * shorter than the lock's life in Redis, `outer` (acquire sent → release answered) only longer.
 */
export interface HoldTally {
  /** Inner time past the TTL: Redis must have let the lock go. */
  surelyExpired: number;
  surelyExpiredButReleased: number;
  /** Outer time within the TTL: Redis must still have held it for this owner. */
  surelyLive: number;
  surelyLiveButGone: number;
}

export interface LockClientOptions {
  client: number;
  redis: LockRedis;
  lockKey: string;
  fenceKey: string;
  storage: FencedStorage;
  witness: LockWitness;
  recorders: LockRecorders;
  listener: LockListener;
  holds: HoldTally;
  params: () => { lockTtlMs: number; workMs: number; pauseMs: number };
  /** True when this grant should stall (one every pauseEverySec). */
  shouldPause: () => boolean;
  /** Resolves after ms, or at once when the run stops. */
  sleep: (ms: number) => Promise<void>;
  /** How long to wait before trying a taken lock again. */
  retryDelay: () => number;
  signal: AbortSignal;
}

// Clock readings on either side of Redis agree to about a millisecond; keep clear of the edge.
const EDGE_MARGIN_MS = 5;

export async function runLockClient(o: LockClientOptions): Promise<void> {
  const r = o.recorders;
  let seq = 0;
  while (!o.signal.aborted) {
    const { lockTtlMs, workMs, pauseMs } = o.params();
    const owner = `client${o.client}:${++seq}`;
    const sentAt = performance.now();
    const token = await o.redis.acquireLock(o.lockKey, o.fenceKey, owner, lockTtlMs);
    if (token === 0) {
      r.contended.inc();
      await o.sleep(o.retryDelay());
      continue;
    }
    const grantedAt = performance.now();
    r.acquired.inc();
    // No await between hearing of the grant and reading the storage: the witness's newest
    // token and the storage's highest token move together.
    const others = o.witness.granted(o.client, token);
    r.holders.set(o.witness.holders);
    if (others.length > 0) {
      r.overlaps.inc();
      o.listener.overlap(o.client, token, others);
    }
    const read = o.storage.read(o.client, token);
    if (read !== undefined) {
      await o.sleep(workMs);
      if (pauseMs > 0 && o.shouldPause()) {
        r.pauses.inc();
        o.listener.paused(o.client, token, pauseMs, lockTtlMs);
        await o.sleep(pauseMs);
      }
      const stale = o.witness.isStale(token);
      const before = o.storage.value;
      const accepted = o.storage.increment(o.client, token, read);
      if (accepted) r.acknowledged.inc();
      else r.staleWritesRejected.inc();
      if (stale) {
        r.staleWrites.inc();
        o.listener.staleWrite(o.client, token, accepted, before, o.storage.value);
      }
      r.storageValue.set(o.storage.value);
      r.lostIncrements.set(o.storage.totals.erased);
    }
    o.witness.finished(o.client);
    r.holders.set(o.witness.holders);
    const releaseAt = performance.now();
    const released = await o.redis.releaseLock(o.lockKey, owner);
    const answeredAt = performance.now();
    r.holdMs.record(releaseAt - grantedAt);
    if (released === 0) r.lockLost.inc();
    if (releaseAt - grantedAt > lockTtlMs + EDGE_MARGIN_MS) {
      o.holds.surelyExpired++;
      if (released === 1) o.holds.surelyExpiredButReleased++;
    } else if (answeredAt - sentAt < lockTtlMs - EDGE_MARGIN_MS) {
      o.holds.surelyLive++;
      if (released === 0) o.holds.surelyLiveButGone++;
    }
    // Step back a moment so the lock goes round rather than to whoever released it.
    await o.sleep(o.retryDelay());
  }
}
