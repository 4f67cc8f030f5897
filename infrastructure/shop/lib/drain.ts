// A graceful stop that costs callers nothing. Deregistering deletes the instance's registry key,
// but every caller still holds it in the list it read last (refreshed every 250 ms) and may pick
// it until then: closing at once would refuse those calls. With SHOP_DRAIN_MS the instance keeps
// serving that long after deregistering (/health already answers 503), then closes.
import { integer } from './config.ts';
import type { ServiceApp } from './app.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call just before `service.start()`: stop steps run newest first, so the wait comes right after
 * the heartbeat's deregistration (added by `start()`) and before anything else is torn down.
 */
export function drainAfterDeregistering(service: ServiceApp): void {
  const drainMs = integer('SHOP_DRAIN_MS', 0, { min: 0, max: 3_000 });
  if (drainMs > 0) service.onStop(() => sleep(drainMs));
}
