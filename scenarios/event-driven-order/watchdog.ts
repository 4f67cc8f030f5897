// Restarts product-service instances that died, as an orchestrator would, and counts the deaths:
// the run's own count of crashes, independent of what the services or the brokers say.
import type { ShopInstance } from '../src/sdk/index.ts';

const LOOK_EVERY_MS = 100;
const RETRY_AFTER_MS = 500;

export interface WatchdogOptions {
  instances: () => ShopInstance[];
  /** An exit the run did not cause: counted, its restart already under way. */
  onCrash(instance: ShopInstance): void;
  /** Called once it is no longer counted as restarting. */
  onRestarted(instance: ShopInstance, ms: number): void;
  onRestartFailed(instance: ShopInstance, error: unknown): void;
  /**
   * True when the learner stopped or killed it from the fault panel: not a crash, and left down
   * (restart it from the panel).
   */
  stoppedByPanel?(instance: ShopInstance): boolean;
}

export class CrashWatchdog {
  crashes = 0;
  private readonly restarting = new Map<string, Promise<void>>();
  private readonly down = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: WatchdogOptions) {}

  start(): void {
    this.timer = setInterval(() => this.look(), LOOK_EVERY_MS);
  }

  /** Instances answering now (running and not being restarted). */
  get up(): number {
    return this.o.instances().filter((i) => i.running && !this.restarting.has(i.name)).length;
  }

  get restartsInProgress(): number {
    return this.restarting.size;
  }

  /** Stops looking and waits for the restarts under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all(this.restarting.values());
  }

  private look(): void {
    for (const instance of this.o.instances()) {
      if (instance.running) {
        this.down.delete(instance.name);
        continue;
      }
      if (this.restarting.has(instance.name) || this.down.has(instance.name)) continue;
      if (this.o.stoppedByPanel?.(instance) === true) {
        this.down.add(instance.name);
        continue;
      }
      this.crashes++;
      this.restart(instance);
      this.o.onCrash(instance);
    }
  }

  private restart(instance: ShopInstance): void {
    const started = performance.now();
    const restarting = (async () => {
      for (;;) {
        try {
          await instance.restart();
          this.restarting.delete(instance.name);
          this.o.onRestarted(instance, performance.now() - started);
          return;
        } catch (error) {
          this.o.onRestartFailed(instance, error);
          if (this.stopped) break;
          await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
        }
      }
      this.restarting.delete(instance.name);
    })();
    this.restarting.set(instance.name, restarting);
  }
}
