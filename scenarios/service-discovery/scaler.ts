// Keeps the number of running product-service instances at the live `instances` param. Up: new
// instances, numbered on, register themselves as they start. Down: the newest goes gracefully:
// SIGTERM makes it delete its registry key and keep serving for a drain period; once Redis shows
// the key gone and the gateway's own counter for it has stood still past its next registry read,
// its /metrics is read (its final count) and it is left to exit. Changes queue up: one at a time.
import type { EventOptions } from '../src/sdk/contract.ts';
import type { ShopInstance } from '../src/sdk/shop.ts';
import { waitFor } from '../src/sdk/poll.ts';
import type { RegistryTimeline } from './registry-timeline.ts';
import { GATEWAY_REFRESH_MS } from './ttl-bound.ts';
import type { UpstreamWatch } from './upstream-watch.ts';
import { quietSince } from './upstream-watch.ts';

/** How long a stopping instance serves after deregistering (SHOP_DRAIN_MS). */
export const DRAIN_MS = 2500;
/** The gateway's count must hold this long (past its next registry read) before the final read. */
const QUIET_MS = 300;
const GONE_WITHIN_MS = 2_000;
/** Room left at the drain's end for reading the instance's /metrics. */
const OWN_READ_MS = 300;

export interface ScalerDeps {
  start(count: number): Promise<ShopInstance[]>;
  /** The running instances, in number order. */
  running(): ShopInstance[];
  timeline: RegistryTimeline;
  upstream: UpstreamWatch;
  now: () => number;
  /** The instance's own count of answered product requests (its /metrics). */
  ownCount(instance: ShopInstance): Promise<number>;
  /** Records a stopped instance's final own count (undefined: it could not be read). */
  finalCount(name: string, count: number | undefined): void;
  event(message: string, level?: 'info' | 'warn' | EventOptions): void;
}

export class Scaler {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScalerDeps) {}

  /** Brings the running count to `target`, after any change already under way. */
  scaleTo(target: number): Promise<void> {
    this.queue = this.queue
      .then(() => this.reconcile(target))
      .catch((error: Error) => {
        this.deps.event(`scaling to ${target} failed: ${error.message}`, 'warn');
      });
    return this.queue;
  }

  /** Resolves once every queued change is done. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async reconcile(target: number): Promise<void> {
    const running = this.deps.running();
    if (target > running.length) {
      const started = await this.deps.start(target - running.length);
      this.deps.event(
        `${started.map((i) => i.name).join(', ')} started and registered itself: the gateway picks it up at its next registry read (every ${GATEWAY_REFRESH_MS} ms)`,
        { mark: true },
      );
      return;
    }
    // Newest first, so product-service-1 (the one a kill takes) stays.
    for (const instance of running.slice(target).reverse()) await this.drainAndStop(instance);
  }

  private async drainAndStop(instance: ShopInstance): Promise<void> {
    const { timeline, upstream, now } = this.deps;
    const stoppedAt = now();
    const stopping = instance.stop();
    const gone = await waitFor(() => !timeline.isPresent(instance.name), {
      withinMs: GONE_WITHIN_MS,
      everyMs: 10,
    });
    const goneAt = now();
    const quiet =
      gone &&
      (await waitFor(
        () => quietSince(upstream.scrapes, instance.name, goneAt + GATEWAY_REFRESH_MS, QUIET_MS),
        // Its own count must be read before the drain ends and the process exits.
        { withinMs: Math.max(0, DRAIN_MS - OWN_READ_MS - (now() - stoppedAt)), everyMs: 20 },
      ));
    let count: number | undefined;
    if (quiet) count = await this.deps.ownCount(instance).catch(() => undefined);
    this.deps.finalCount(instance.name, count);
    await stopping;
    this.deps.event(
      count === undefined
        ? `${instance.name} stopped before its final count could be read`
        : `${instance.name} deregistered, drained (the gateway stopped calling it after its next registry read) and stopped: ${count} requests answered`,
      { level: count === undefined ? 'warn' : 'info', mark: true },
    );
  }
}
