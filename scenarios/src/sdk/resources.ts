// What a run created on the brokers: shown to the user (to inspect with the brokers' own tools)
// and deleted when the run ends. Scenarios register a resource before creating it, so a crash
// between the two still leaves a record that cleanup can act on.
import type { RunResources } from './spec.ts';

export class ResourceTracker {
  readonly queues = new Set<string>();
  readonly exchanges = new Set<string>();
  readonly topics = new Set<string>();
  readonly groups = new Set<string>();
  private listener: (() => void) | undefined;

  constructor(readonly redisKeyPrefix: string) {}

  queue(name: string): string {
    return this.add(this.queues, name);
  }
  exchange(name: string): string {
    return this.add(this.exchanges, name);
  }
  topic(name: string): string {
    return this.add(this.topics, name);
  }
  group(name: string): string {
    return this.add(this.groups, name);
  }

  /** Called after each new resource (the run manager journals them to disk). */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  snapshot(): RunResources {
    return {
      redisKeyPrefix: this.redisKeyPrefix,
      queues: [...this.queues],
      exchanges: [...this.exchanges],
      topics: [...this.topics],
      groups: [...this.groups],
    };
  }

  private add(set: Set<string>, name: string): string {
    if (!set.has(name)) {
      set.add(name);
      this.listener?.();
    }
    return name;
  }
}
