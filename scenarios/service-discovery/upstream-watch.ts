// The gateway's own account of where it sent each call: its /metrics counter
// shop_gateway_upstream_requests_total{service="product-service",instance,outcome}, scraped every
// 100 ms. From it: when the gateway last called an instance, and whether it called it after a
// given moment.
import type { ShopInstance } from '../src/sdk/shop.ts';
import { poll } from '../src/sdk/poll.ts';

export const GATEWAY_SCRAPE_EVERY_MS = 100;
const METRIC = 'shop_gateway_upstream_requests_total';

export interface UpstreamScrape {
  /** When the scrape was asked for and when it came back, ms into the run. */
  startMs: number;
  endMs: number;
  /** Instance → calls the gateway sent it (every outcome). */
  calls: ReadonlyMap<string, number>;
}

export interface UpstreamTotals {
  /** Instance → calls answered (below 500). */
  ok: Map<string, number>;
  /** Instance → calls failed (unreachable, or 5xx). */
  failed: Map<string, number>;
}

/** Reads the gateway's counter out of one scrape. */
export async function upstreamTotals(
  gateway: ShopInstance,
  service: string,
): Promise<UpstreamTotals> {
  const metrics = await gateway.metrics();
  const totals: UpstreamTotals = { ok: new Map(), failed: new Map() };
  for (const s of metrics.samples) {
    if (s.name !== METRIC || s.labels.service !== service) continue;
    const instance = s.labels.instance ?? 'none';
    const into = s.labels.outcome === 'ok' ? totals.ok : totals.failed;
    into.set(instance, (into.get(instance) ?? 0) + s.value);
  }
  return totals;
}

export class UpstreamWatch {
  readonly scrapes: UpstreamScrape[] = [];
  private readonly stopper = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly gateway: ShopInstance,
    private readonly service: string,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.running = poll(
      async () => void (await this.scrape()),
      GATEWAY_SCRAPE_EVERY_MS,
      this.stopper.signal,
      {
        onError: this.onError,
      },
    );
  }

  async scrape(): Promise<UpstreamScrape> {
    const startMs = this.now();
    const totals = await upstreamTotals(this.gateway, this.service);
    const calls = new Map(totals.ok);
    for (const [instance, n] of totals.failed) calls.set(instance, (calls.get(instance) ?? 0) + n);
    const scrape = { startMs, endMs: this.now(), calls };
    this.scrapes.push(scrape);
    return scrape;
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }
}

const callsOf = (s: UpstreamScrape, instance: string): number => s.calls.get(instance) ?? 0;

/** When a scrape first showed `instance`'s final count (its last call was before then). */
export function lastCallSeenMs(
  scrapes: readonly UpstreamScrape[],
  instance: string,
): number | undefined {
  const last = scrapes.at(-1);
  if (last === undefined) return undefined;
  const final = callsOf(last, instance);
  let seen: number | undefined;
  for (let i = scrapes.length - 1; i >= 0; i--) {
    const s = scrapes[i] as UpstreamScrape;
    if (callsOf(s, instance) !== final) break;
    seen = s.endMs;
  }
  return seen;
}

/** Calls to `instance` counted between the first scrape begun at or after `fromMs` and the last. */
export function callsSince(
  scrapes: readonly UpstreamScrape[],
  instance: string,
  fromMs: number,
): number | undefined {
  const first = scrapes.find((s) => s.startMs >= fromMs);
  const last = scrapes.at(-1);
  if (first === undefined || last === undefined) return undefined;
  return callsOf(last, instance) - callsOf(first, instance);
}

/** Whether scrapes begun at or after `fromMs` and spanning at least `forMs` all show one count. */
export function quietSince(
  scrapes: readonly UpstreamScrape[],
  instance: string,
  fromMs: number,
  forMs: number,
): boolean {
  const after = scrapes.filter((s) => s.startMs >= fromMs);
  const first = after[0];
  const last = after.at(-1);
  if (first === undefined || last === undefined || last.startMs - first.startMs < forMs)
    return false;
  return after.every((s) => callsOf(s, instance) === callsOf(first, instance));
}
