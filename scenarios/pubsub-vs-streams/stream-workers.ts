// The stream's consumer group: one worker per slot, each on its own connection (XREADGROUP
// BLOCK holds it), reading new entries, working on each batch for a while and acknowledging it.
// A crash strikes a worker in the middle of a batch (the busiest one, so the crash catches
// something): it dies holding the batch unacknowledged and restarts under a new name a second
// later (a new process, like a restarted pod), so its old name's pending entries can only come
// back through XAUTOCLAIM, which every live worker runs twice a second.
import type { Redis } from 'ioredis';
import { setTimeout as delay } from 'node:timers/promises';
import { SeenSet } from '../src/sdk/seen-set.ts';
import type { Counter, Gauge, Histogram } from '../src/sdk/recorders.ts';
import type { Entry } from './entries.ts';
import { autoclaimReply, readGroupEntries } from './entries.ts';
import { nowMs } from './event.ts';

/**
 * An entry idle this long in a pending list is taken to belong to a dead consumer. It must be
 * longer than any live worker holds a batch (workMs is at most 500), or XAUTOCLAIM would take
 * entries from a worker that is still busy with them.
 */
export const CLAIM_MIN_IDLE_MS = 1000;
const CLAIM_EVERY_MS = 500;
const RESTART_AFTER_MS = 1000;
// Enough that a worker keeps up with the highest rate however long it works on a batch.
const BATCH = 1000;
const BLOCK_MS = 200;

export interface WorkerRecorders {
  received: Counter;
  perSlot: Counter[];
  abandoned: Counter;
  claimed: Counter;
  latency: Histogram;
  up: Gauge;
}

export interface WorkerNarration {
  crashed(name: string, held: number): void;
  restarted(name: string, replaced: string): void;
  claimed(name: string, count: number): void;
}

interface Slot {
  index: number;
  redis: Redis;
  generation: number;
  running: boolean;
  /** The batch being worked on, 0 between batches. */
  inHand: number;
  crashNext: boolean;
}

/** Consumer names: c1, then c1-2, c1-3, … for its restarts. */
const consumerName = (slot: Slot): string =>
  slot.generation === 1 ? `c${slot.index + 1}` : `c${slot.index + 1}-${slot.generation}`;

export class StreamWorkers {
  /** The sequence numbers processed, each once however often it was delivered. */
  readonly processed = new SeenSet();
  duplicates = 0;
  /** The sum of XACK replies: entries Redis removed from the pending list. */
  ackedByRedis = 0;
  abandoned = 0;
  claimed = 0;
  /** Entry ids delivered to a worker and not acknowledged yet, as the workers know it. */
  readonly unacked = new Set<string>();
  /** Names of crashed consumers, with when they died (performance.now()). */
  readonly dead = new Map<string, number>();
  private readonly slots: Slot[];
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    connections: Redis[],
    private readonly stream: string,
    private readonly group: string,
    private readonly recorders: WorkerRecorders,
    private readonly narration: WorkerNarration,
    /** How long a worker works on a batch before acknowledging it (read for each batch). */
    private readonly workMs: () => number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.slots = connections.map((redis, index) => ({
      index,
      redis,
      generation: 1,
      running: false,
      inHand: 0,
      crashNext: false,
    }));
  }

  start(): void {
    this.loops = this.slots.map((slot) =>
      this.runSlot(slot).catch((error: unknown) => this.onError(error)),
    );
  }

  /** The running worker with the biggest batch in hand crashes before it acknowledges it. */
  crashOne(): void {
    const candidates = this.slots.filter((s) => s.running && !s.crashNext);
    const busiest = candidates.sort((a, b) => b.inHand - a.inHand)[0];
    if (busiest !== undefined) busiest.crashNext = true;
  }

  /** No more crashes: the final phase lets the group drain. */
  calm(): void {
    for (const slot of this.slots) slot.crashNext = false;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
  }

  private updateUp(): void {
    this.recorders.up.set(this.slots.filter((s) => s.running).length);
  }

  private async runSlot(slot: Slot): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const name = consumerName(slot);
      slot.running = true;
      this.updateUp();
      const crashed = await this.consume(slot, name);
      slot.running = false;
      this.updateUp();
      if (!crashed) return;
      try {
        await delay(RESTART_AFTER_MS, undefined, { signal });
      } catch {
        return;
      }
      slot.generation++;
      this.narration.restarted(consumerName(slot), name);
    }
  }

  /** Reads and works until stopped (false) or crashed (true). */
  private async consume(slot: Slot, name: string): Promise<boolean> {
    let nextClaim = 0;
    while (!this.stopping.signal.aborted) {
      if (performance.now() >= nextClaim) {
        await this.claim(slot, name);
        nextClaim = performance.now() + CLAIM_EVERY_MS;
      }
      const entries = readGroupEntries(
        await slot.redis.xreadgroup(
          'GROUP',
          this.group,
          name,
          'COUNT',
          BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.stream,
          '>',
        ),
      );
      if (entries.length === 0) continue;
      for (const entry of entries) this.unacked.add(entry.id);
      await this.work(slot, entries);
      if (slot.crashNext) {
        // Dies here: the batch was read (Redis lists it as pending) and is never acknowledged.
        slot.crashNext = false;
        this.abandoned += entries.length;
        this.recorders.abandoned.inc(entries.length);
        this.dead.set(name, performance.now());
        this.narration.crashed(name, entries.length);
        return true;
      }
      await this.acknowledge(slot, entries);
    }
    return false;
  }

  /** Takes over entries idle in any consumer's pending list for CLAIM_MIN_IDLE_MS or more. */
  private async claim(slot: Slot, name: string): Promise<void> {
    let start = '0-0';
    do {
      const { next, entries } = autoclaimReply(
        await slot.redis.xautoclaim(
          this.stream,
          this.group,
          name,
          CLAIM_MIN_IDLE_MS,
          start,
          'COUNT',
          BATCH,
        ),
      );
      if (entries.length > 0) {
        this.claimed += entries.length;
        this.recorders.claimed.inc(entries.length);
        this.narration.claimed(name, entries.length);
        await this.work(slot, entries);
        await this.acknowledge(slot, entries);
      }
      start = next;
    } while (start !== '0-0' && !this.stopping.signal.aborted);
  }

  private async work(slot: Slot, entries: Entry[]): Promise<void> {
    slot.inHand = entries.length;
    const ms = this.workMs();
    if (ms > 0) await delay(ms);
    slot.inHand = 0;
  }

  private async acknowledge(slot: Slot, entries: Entry[]): Promise<void> {
    const ids = entries.map((e) => e.id);
    // Read the reply first: `x += await …` would add to a total read before another worker's ack.
    const acked = await slot.redis.xack(this.stream, this.group, ...ids);
    this.ackedByRedis += acked;
    for (const id of ids) this.unacked.delete(id);
    const now = nowMs();
    for (const { event } of entries) this.recorders.latency.record(now - event.sentAt);
    for (const { event } of entries) if (!this.processed.add(event.seq)) this.duplicates++;
    this.recorders.received.inc(entries.length);
    this.recorders.perSlot[slot.index]?.inc(entries.length);
  }
}
