// The observer's ledger of staleness windows. When a write is sent, every other instance whose L1
// holds an older version of the item opens a window; it closes when that L1 no longer holds the
// old version: the invalidation Redis delivered dropped it, the LRU evicted it or its TTL ran out,
// or a newer version was stored. Its length, from the write's acknowledgement (the commit, as far
// as the application can know it), is one stalenessMs sample. The observer sees every instance,
// as no single instance could: it measures, it does not take part.
import type { Histogram } from '../src/sdk/recorders.ts';
import type { DropReason } from './app-instance.ts';

export type WindowEnd = DropReason | 'refresh';

interface Window {
  /** The version the instance should now hold. */
  version: number;
  ackedAt: number | undefined;
  /** Opened while invalidation was on: an invalidation is due to close it. */
  invalidating: boolean;
}

const noneEnded = (): Record<WindowEnd, number> => ({
  invalidation: 0,
  flush: 0,
  evict: 0,
  expire: 0,
  refresh: 0,
});

export class StalenessWindows {
  private readonly open: Map<number, Window>[];
  /** How the windows opened while invalidation was on ended, and those opened while it was off. */
  readonly endedBy = { on: noneEnded(), off: noneEnded() };
  /** The longest window closed, in ms from the write's acknowledgement. */
  readonly longestMs = { on: 0, off: 0 };

  constructor(
    instances: number,
    private readonly stalenessMs: Histogram,
  ) {
    this.open = Array.from({ length: instances }, () => new Map<number, Window>());
  }

  /**
   * A write of `version` of `id` is on its way through instance `writer`; `held(i)` is the
   * version instance i's L1 holds now, if any.
   */
  writeSent(
    writer: number,
    id: number,
    version: number,
    held: (i: number) => number | undefined,
    invalidating: boolean,
  ): void {
    this.open.forEach((windows, i) => {
      if (i === writer) return;
      const version0 = held(i);
      if (version0 === undefined || version0 >= version) return;
      const window = windows.get(id);
      // An earlier write's window still open: the instance has been stale since then.
      if (window !== undefined) window.version = version;
      else windows.set(id, { version, ackedAt: undefined, invalidating });
    });
  }

  writeAcked(id: number, version: number): void {
    const at = performance.now();
    for (const windows of this.open) {
      const window = windows.get(id);
      if (window !== undefined && window.ackedAt === undefined && window.version <= version) {
        window.ackedAt = at;
      }
    }
  }

  /** Instance i's L1 dropped `id`. */
  dropped(i: number, id: number, reason: DropReason): void {
    this.end(i, id, reason);
  }

  /** Instance i's L1 now holds `version` of `id`. */
  stored(i: number, id: number, version: number): void {
    const window = this.open[i]?.get(id);
    if (window !== undefined && version >= window.version) this.end(i, id, 'refresh');
  }

  /** The windows still open: instances holding an old version the run never saw them drop. */
  openCount(invalidating: boolean): number {
    let n = 0;
    for (const windows of this.open) {
      for (const w of windows.values()) if (w.invalidating === invalidating) n++;
    }
    return n;
  }

  private end(i: number, id: number, how: WindowEnd): void {
    const windows = this.open[i];
    const window = windows?.get(id);
    if (windows === undefined || window === undefined) return;
    windows.delete(id);
    const ms = window.ackedAt === undefined ? 0 : Math.max(0, performance.now() - window.ackedAt);
    this.stalenessMs.record(ms);
    const kind = window.invalidating ? 'on' : 'off';
    this.longestMs[kind] = Math.max(this.longestMs[kind], ms);
    this.endedBy[kind][how]++;
  }
}
