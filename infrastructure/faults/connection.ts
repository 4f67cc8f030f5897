// One client connection through a fault proxy and its connection to the upstream: two flows
// (upstream = client → server, downstream = server → client) and, per toxic, whether it applies
// here (decided per connection, as Toxiproxy's toxicity is) with its state and timers.
//
// Closing is full, not half: when either side ends, what it sent before the end is delivered
// (through the toxics) and then both sides are closed, as Toxiproxy does.
import type { Socket } from 'node:net';
import { Flow } from './flow.ts';
import type { BoundStage, FlowOwner } from './flow.ts';
import { LEAVES_BYTES, STAGES, freshState, holdUntil } from './stages.ts';
import type { StageContext, ToxicState } from './stages.ts';
import type { Toxic, ToxicStream } from './toxics.ts';

/** How long a graceful close may wait for a peer that does not read before it is cut. */
const CLOSE_GRACE_MS = 2000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Applied {
  /** The toxicity roll came up: the toxic acts on this connection. */
  active: boolean;
  revision: number;
  state: ToxicState;
  context: StageContext;
  timer?: NodeJS.Timeout;
}

export interface ConnectionHooks {
  /** The toxics of the proxy, in the order they were added (read live). */
  toxics(): readonly Toxic[];
  counted(stream: ToxicStream, bytes: number): void;
  /** Called once, when both sockets are gone. */
  closed(connection: ProxiedConnection): void;
}

export class ProxiedConnection implements FlowOwner {
  private readonly applied = new Map<Toxic, Applied>();
  private readonly sleepers = new Set<() => void>();
  private phase: 'open' | 'closing' | 'closed' = 'open';
  private settled = false;

  constructor(
    readonly client: Socket,
    readonly server: Socket,
    private readonly hooks: ConnectionHooks,
  ) {
    for (const toxic of hooks.toxics()) this.apply(toxic, freshState(), 0);
    for (const socket of [client, server]) {
      socket.setNoDelay(true);
      socket.on('error', () => this.destroy());
      socket.on('close', () => {
        if (this.phase === 'closing' && !(client.destroyed && server.destroyed)) return;
        this.destroy();
      });
    }
    new Flow('upstream', client, server, this, (n) => hooks.counted('upstream', n));
    new Flow('downstream', server, client, this, (n) => hooks.counted('downstream', n));
  }

  toxicAdded(toxic: Toxic): void {
    this.apply(toxic, freshState(), 0);
    this.changed();
  }

  /** An update restarts the toxic here (its timers run again, toxicity is rolled again); counts carry over. */
  toxicUpdated(toxic: Toxic): void {
    const before = this.applied.get(toxic);
    if (before?.timer) clearTimeout(before.timer);
    this.apply(toxic, before?.state ?? freshState(), (before?.revision ?? 0) + 1);
    this.changed();
  }

  /**
   * A removed timeout closes the connections it held, as Toxiproxy's does: the bytes it dropped
   * are gone, so the stream after them would be garbage to the protocol on top.
   */
  toxicRemoved(toxic: Toxic): void {
    const applied = this.applied.get(toxic);
    if (!applied) return;
    if (applied.timer) clearTimeout(applied.timer);
    this.applied.delete(toxic);
    this.changed();
    if (applied.active && toxic.type === 'timeout') this.destroy();
  }

  hasStages(stream: ToxicStream): boolean {
    for (const [toxic, applied] of this.applied) {
      if (applied.active && toxic.stream === stream && !LEAVES_BYTES.has(toxic.type)) return true;
    }
    return false;
  }

  stages(stream: ToxicStream): BoundStage[] {
    const chain: BoundStage[] = [];
    for (const toxic of this.hooks.toxics()) {
      const applied = this.applied.get(toxic);
      if (!applied?.active || toxic.stream !== stream || LEAVES_BYTES.has(toxic.type)) continue;
      chain.push({ stage: STAGES[toxic.type], context: applied.context });
    }
    return chain;
  }

  async sourceEnded(stream: ToxicStream): Promise<void> {
    const endedAt = performance.now();
    const slow = this.hooks
      .toxics()
      .find((t) => t.type === 'slow_close' && t.stream === stream && this.applied.get(t)?.active);
    const context = slow && this.applied.get(slow)?.context;
    if (context) await holdUntil(context, () => endedAt + (context.toxic.attributes.delay ?? 0));
    this.close();
  }

  closing(): boolean {
    return this.phase !== 'open';
  }

  fail(): void {
    this.destroy();
  }

  /** Graceful: what was written is flushed, then both sides close. */
  close(): void {
    if (this.phase !== 'open') return;
    this.phase = 'closing';
    this.stopTimers();
    for (const socket of [this.client, this.server]) socket.end(() => socket.destroy());
    setTimeout(() => this.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Abrupt: both sides closed now, whatever is still buffered is dropped. */
  destroy(): void {
    this.phase = 'closed';
    this.stopTimers();
    this.client.destroy();
    this.server.destroy();
    this.settle();
  }

  /** reset_peer: both sides get a TCP RST (the client sees ECONNRESET). */
  reset(): void {
    this.phase = 'closed';
    this.stopTimers();
    this.client.resetAndDestroy();
    this.server.resetAndDestroy();
    this.settle();
  }

  private apply(toxic: Toxic, state: ToxicState, revision: number): void {
    const active = Math.random() < toxic.toxicity;
    const context: StageContext = {
      toxic,
      state,
      active: () => this.applied.get(toxic)?.active === true,
      revision: () => this.applied.get(toxic)?.revision ?? -1,
      sleepUntil: (due) => this.sleepUntil(due),
      closed: () => this.phase !== 'open',
      close: () => this.close(),
    };
    const applied: Applied = { active, revision, state, context };
    this.applied.set(toxic, applied);
    if (!active) return;
    const after = Math.min(MAX_TIMER_MS, toxic.attributes.timeout ?? 0);
    if (toxic.type === 'timeout' && after > 0) {
      applied.timer = setTimeout(() => this.destroy(), after);
    } else if (toxic.type === 'reset_peer') {
      applied.timer = setTimeout(() => this.reset(), after);
    }
  }

  private sleepUntil(due: number): Promise<void> {
    if (this.phase !== 'open') return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      // Node's timers top out at about 24.8 days; a longer hold just sleeps again.
      const timer = setTimeout(wake, Math.min(MAX_TIMER_MS, Math.max(0, due - performance.now())));
      this.sleepers.add(wake);
    });
  }

  /** Every held chunk re-reads its toxic now (removed: it passes; updated: new attributes). */
  private changed(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private stopTimers(): void {
    for (const applied of this.applied.values()) if (applied.timer) clearTimeout(applied.timer);
    this.changed();
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.hooks.closed(this);
  }
}
