// Reads the registry straight from Redis every 20 ms: PTTL of each product-service instance's
// key, in one pipeline. Keyspace notifications are off on the shared Redis, so the moment a key
// expires is found by looking: the first reading that finds it gone.
import type { Redis } from 'ioredis';
import { poll } from '../src/sdk/poll.ts';
import type { RegistryTimeline } from './registry-timeline.ts';

export const REGISTRY_READ_EVERY_MS = 20;

export interface RegistryReading {
  atMs: number;
  /** Instance → its key's PTTL: ms left, -1 no expiry, -2 no key. */
  pttl: ReadonlyMap<string, number>;
}

export interface RegistryWatchOptions {
  /** The instances to look up (every one started so far). */
  instances: () => readonly string[];
  keyOf: (instance: string) => string;
  /** Milliseconds into the run. */
  now: () => number;
  timeline: RegistryTimeline;
  onReading?: (reading: RegistryReading) => void;
  onError: (error: unknown) => void;
}

export class RegistryWatch {
  private readonly stopper = new AbortController();
  private running: Promise<void> | undefined;
  last: RegistryReading | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: RegistryWatchOptions,
  ) {}

  start(): void {
    this.running = poll(
      async () => void (await this.read()),
      REGISTRY_READ_EVERY_MS,
      this.stopper.signal,
      {
        onError: this.options.onError,
      },
    );
  }

  /** One reading now (also used for the reading right after a kill). */
  async read(): Promise<RegistryReading> {
    const names = [...this.options.instances()];
    const pipeline = this.redis.pipeline();
    for (const name of names) pipeline.pttl(this.options.keyOf(name));
    const replies = names.length === 0 ? [] : ((await pipeline.exec()) ?? []);
    const atMs = this.options.now();
    const pttl = new Map<string, number>();
    names.forEach((name, i) => {
      const [error, value] = replies[i] ?? [null, -2];
      if (error) throw error;
      pttl.set(name, Number(value));
    });
    this.options.timeline.observe(atMs, new Map([...pttl].map(([n, ms]) => [n, ms !== -2])));
    const reading = { atMs, pttl };
    this.last = reading;
    this.options.onReading?.(reading);
    return reading;
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }
}
