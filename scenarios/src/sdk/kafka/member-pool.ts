// What the two kinds of group members (classic protocol on kafkajs, the consumer protocol on
// @platformatic/kafka) share: the list of members, each one's own progress per partition, and
// resizing that queues one change behind another. Each kind says how a member starts and stops.
import type { MemberAssignment } from './assignment.ts';

export interface MemberStats extends MemberAssignment {
  processed: number;
  /** Records this member processed, by partition. */
  processedByPartition: ReadonlyMap<number, number>;
  /** By partition: the highest offset this member processed, plus one. */
  nextOffsetByPartition: ReadonlyMap<number, number>;
}

export interface MemberProgress {
  name: string;
  partitions: number[] | undefined;
  processed: number;
  processedByPartition: Map<number, number>;
  nextOffsetByPartition: Map<number, number>;
}

export abstract class MemberPool<M extends MemberProgress> {
  protected readonly members: M[] = [];
  /** Every member there has been, including those that left or crashed. */
  protected readonly everyone: M[] = [];
  protected work: Promise<void> = Promise.resolve();
  protected target = 0;
  protected started = 0;
  protected stopped = false;

  constructor(private readonly reportError: (error: unknown) => void) {}

  /** Starts or stops members until there are `target`. */
  protected abstract reconcile(target: number): Promise<void>;

  stats(): MemberStats[] {
    return this.members.map((m) => ({
      name: m.name,
      partitions: m.partitions,
      processed: m.processed,
      processedByPartition: m.processedByPartition,
      nextOffsetByPartition: m.nextOffsetByPartition,
    }));
  }

  /** Records processed by every member there has been, by partition. */
  processedByPartition(): Map<number, number> {
    const total = new Map<number, number>();
    for (const m of this.everyone) {
      for (const [p, n] of m.processedByPartition) total.set(p, (total.get(p) ?? 0) + n);
    }
    return total;
  }

  /**
   * By partition: the highest offset any member ever processed, plus one. Once the members have
   * stopped (and committed), this is what Kafka should hold as the group's committed offsets; a
   * record processed twice after a rebalance does not move it.
   */
  nextOffsets(): Map<number, number> {
    const next = new Map<number, number>();
    for (const m of this.everyone) {
      for (const [p, n] of m.nextOffsetByPartition) next.set(p, Math.max(next.get(p) ?? 0, n));
    }
    return next;
  }

  /** Starts or stops members until there are `target`; changes queue behind each other. */
  resize(target: number): Promise<void> {
    this.target = target;
    this.work = this.work
      .then(() => this.reconcile(target))
      .catch((error: unknown) => {
        // A member still joining when the run stops fails its join; that is the stop, not a fault.
        if (!this.stopped) this.reportError(error);
      });
    return this.work;
  }

  /** `count` more members join. */
  add(count = 1): Promise<void> {
    return this.resize(this.target + count);
  }

  /** The `count` most recently started members leave. */
  remove(count = 1): Promise<void> {
    return this.resize(Math.max(0, this.target - count));
  }
}
