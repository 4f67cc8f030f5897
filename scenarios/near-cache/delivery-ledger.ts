// Invalidations delivered against the changes they announce, per instance, over the stretches of
// the run in which invalidation was on. A change another instance made (tracking: a SET that
// wrote a key; pub/sub: a PUBLISH) is due to instance i; it is announced once i has received an
// invalidation of that key after the change was sent. Counts alone cannot judge tracking: in
// BCAST mode Redis gathers the keys changed in one pass of its event loop and pushes each once,
// so two quick changes of one key can arrive as one invalidation. Stretches begin and end with
// the load held still (see gate.ts), so each change and its invalidation fall in one.
import type { Invalidation } from './app-instance.ts';

export type ChangeKind = 'set' | 'publish';
export type DeliveryKind = 'tracking' | 'pubsub';

interface Stretch {
  due: number[];
  delivered: number[];
  /** Per instance: when the last change of each key by another instance was sent. */
  lastChange: Map<number, number>[];
  /** Per instance: when each key's last invalidation arrived. */
  lastDelivery: Map<number, number>[];
}

export class DeliveryLedger {
  /** Summed over the stretches with invalidation on. */
  readonly due: number[];
  readonly delivered: number[];
  /** Keys changed by others whose last change no invalidation followed. */
  readonly unannounced: number[];
  stretchesOn = 0;
  private mode: Invalidation = 'off';
  private stretch: Stretch;

  constructor(private readonly instances: number) {
    const zeros = (): number[] => Array.from({ length: instances }, () => 0);
    this.due = zeros();
    this.delivered = zeros();
    this.unannounced = zeros();
    this.stretch = this.fresh();
  }

  begin(mode: Invalidation): void {
    this.mode = mode;
    this.stretch = this.fresh();
  }

  /** Instance `by` changed `id` (the command was sent at `sentAt`, performance.now() ms). */
  changed(by: number, id: number, sentAt: number, kind: ChangeKind): void {
    if (kind !== this.changeKind()) return;
    const s = this.stretch;
    for (let i = 0; i < this.instances; i++) {
      if (i === by) continue;
      s.due[i] = (s.due[i] ?? 0) + 1;
      const changes = s.lastChange[i] as Map<number, number>;
      changes.set(id, Math.max(changes.get(id) ?? -Infinity, sentAt));
    }
  }

  /** An invalidation of `id` reached instance `to`. */
  received(to: number, id: number, kind: DeliveryKind): void {
    if (kind !== this.deliveryKind()) return;
    const s = this.stretch;
    s.delivered[to] = (s.delivered[to] ?? 0) + 1;
    s.lastDelivery[to]?.set(id, performance.now());
  }

  /** True when every change so far has been announced to every other instance. */
  settled(): boolean {
    return this.stretch.lastChange.every((_, i) => this.unannouncedNow(i) === 0);
  }

  end(): void {
    if (this.mode === 'off') return;
    for (let i = 0; i < this.instances; i++) {
      this.due[i] = (this.due[i] ?? 0) + (this.stretch.due[i] ?? 0);
      this.delivered[i] = (this.delivered[i] ?? 0) + (this.stretch.delivered[i] ?? 0);
      this.unannounced[i] = (this.unannounced[i] ?? 0) + this.unannouncedNow(i);
    }
    this.stretchesOn++;
  }

  private unannouncedNow(i: number): number {
    const deliveries = this.stretch.lastDelivery[i] as Map<number, number>;
    let n = 0;
    for (const [id, sentAt] of this.stretch.lastChange[i] ?? []) {
      if ((deliveries.get(id) ?? -Infinity) < sentAt) n++;
    }
    return n;
  }

  private changeKind(): ChangeKind | undefined {
    return this.mode === 'tracking' ? 'set' : this.mode === 'pubsub' ? 'publish' : undefined;
  }

  private deliveryKind(): DeliveryKind | undefined {
    return this.mode === 'tracking' ? 'tracking' : this.mode === 'pubsub' ? 'pubsub' : undefined;
  }

  private fresh(): Stretch {
    const zeros = (): number[] => Array.from({ length: this.instances }, () => 0);
    const maps = (): Map<number, number>[] =>
      Array.from({ length: this.instances }, () => new Map<number, number>());
    return { due: zeros(), delivered: zeros(), lastChange: maps(), lastDelivery: maps() };
  }
}
