// What Redis said about each instance's registry key, reading by reading: the intervals in
// which the key existed, and the moment it was first found gone. This is the checks' Redis side,
// kept apart from anything the gateway or the clients report.

/** One stretch of consecutive readings that found the key. */
export interface PresenceInterval {
  fromMs: number;
  toMs: number;
}

export class RegistryTimeline {
  private readonly intervals = new Map<string, PresenceInterval[]>();
  /** The instance's key was present at its previous reading. */
  private readonly present = new Map<string, boolean>();
  /** Each instance's first reading that found its key gone after it had been seen. */
  private readonly goneAt = new Map<string, number>();
  private lastReadingMs = Number.NEGATIVE_INFINITY;
  /** The longest gap between two readings: how far apart "registered at t" can be judged. */
  maxGapMs = 0;
  readings = 0;

  /** Records one reading, taken at `atMs`, of whether each watched instance's key exists. */
  observe(atMs: number, keys: ReadonlyMap<string, boolean>): void {
    if (this.readings > 0) this.maxGapMs = Math.max(this.maxGapMs, atMs - this.lastReadingMs);
    this.lastReadingMs = atMs;
    this.readings++;
    for (const [instance, exists] of keys) {
      const list = this.intervals.get(instance) ?? [];
      const wasPresent = this.present.get(instance) === true;
      if (exists) {
        const last = list.at(-1);
        if (wasPresent && last !== undefined) last.toMs = atMs;
        else list.push({ fromMs: atMs, toMs: atMs });
        this.intervals.set(instance, list);
        this.goneAt.delete(instance);
      } else if (wasPresent && !this.goneAt.has(instance)) {
        this.goneAt.set(instance, atMs);
      }
      this.present.set(instance, exists);
    }
  }

  /** The intervals in which `instance`'s key was found, in order. */
  presence(instance: string): readonly PresenceInterval[] {
    return this.intervals.get(instance) ?? [];
  }

  /** When a reading first found `instance`'s key gone (after it had been present), if one did. */
  firstGoneAt(instance: string): number | undefined {
    return this.goneAt.get(instance);
  }

  /** Whether the key was present at the last reading. */
  isPresent(instance: string): boolean {
    return this.present.get(instance) === true;
  }

  /**
   * Whether `instance`'s key may have existed at some moment in [fromMs, toMs]: some interval of
   * readings that found it, widened by `slackMs` on each side (a key can appear just after one
   * reading and vanish just before the next), overlaps it.
   */
  registeredDuring(instance: string, fromMs: number, toMs: number, slackMs: number): boolean {
    return this.presence(instance).some(
      (i) => i.fromMs - slackMs <= toMs && i.toMs + slackMs >= fromMs,
    );
  }
}
