// One rebalance as the members live it: opened by its first sign (a member joins, leaves,
// crashes or gives partitions up), settled when every partition has exactly one live owner,
// closed at the first record consumed after that.
import type { MemberAssignment } from '../src/sdk/kafka/index.ts';
import { assignmentSettled } from '../src/sdk/kafka/index.ts';

export interface RebalanceOutcome {
  /** Longest gap between records consumed by anyone, within the rebalance (ms). */
  groupGapMs: number;
  /** Partitions whose owner differs from before the rebalance. */
  moved: number;
  /** What opened it ("consumer-4 joined"). */
  causes: string[];
  /** The group forming: no partition had an owner before, so nothing paused or moved. */
  forming: boolean;
  owners: (string | undefined)[];
}

interface Window {
  openedAt: number;
  lastAt: number;
  maxGap: number;
  before: (string | undefined)[];
  causes: string[];
  settled: { moved: number; owners: (string | undefined)[] } | undefined;
}

export class RebalanceWindow {
  private owners: (string | undefined)[];
  private window: Window | undefined;

  constructor(
    private readonly partitions: number,
    private readonly onOpen: () => void,
    private readonly onClose: (outcome: RebalanceOutcome) => void,
  ) {
    this.owners = new Array<string | undefined>(partitions).fill(undefined);
  }

  get open(): boolean {
    return this.window !== undefined;
  }

  /** The group is forming: no partition had an owner when this rebalance began. */
  get forming(): boolean {
    return this.window !== undefined && this.window.before.every((o) => o === undefined);
  }

  /** A sign of a rebalance: opens one unless one is already going. */
  begin(cause: string | undefined, now: number): void {
    if (this.window === undefined) {
      this.window = {
        openedAt: now,
        lastAt: now,
        maxGap: 0,
        before: [...this.owners],
        causes: [],
        settled: undefined,
      };
      this.onOpen();
    }
    if (cause !== undefined) this.window.causes.push(cause);
    // A new sign after it looked settled means it is not over.
    this.window.settled = undefined;
  }

  /** A member's assignment changed: settled once every partition has one live owner. */
  assigned(members: readonly MemberAssignment[], now: number): void {
    this.begin(undefined, now);
    const w = this.window;
    if (w === undefined || !settled(members, this.partitions)) return;
    const owners = new Array<string | undefined>(this.partitions).fill(undefined);
    for (const m of members) for (const p of m.partitions ?? []) owners[p] = m.name;
    w.settled = { moved: owners.filter((o, p) => o !== w.before[p]).length, owners };
  }

  /** A member finished a record. */
  consumed(now: number): void {
    const w = this.window;
    if (w === undefined) return;
    w.maxGap = Math.max(w.maxGap, now - w.lastAt);
    w.lastAt = now;
    if (w.settled === undefined) return;
    this.owners = w.settled.owners;
    this.window = undefined;
    this.onClose({
      groupGapMs: w.maxGap,
      moved: w.settled.moved,
      causes: w.causes,
      forming: w.before.every((o) => o === undefined),
      owners: w.settled.owners,
    });
  }
}

/**
 * Every partition has one live owner and the shares differ by one at most: both assignors here
 * (range, uniform) end balanced, and the consumer protocol passes through unbalanced steps
 * (one member briefly holding everything) on its way there.
 */
export function settled(members: readonly MemberAssignment[], partitions: number): boolean {
  if (!assignmentSettled(members, partitions)) return false;
  const sizes = members.map((m) => m.partitions?.length ?? 0);
  return Math.max(...sizes) - Math.min(...sizes) <= 1;
}
