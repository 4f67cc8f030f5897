// The CDN the run builds: a shield nginx in front of the origin, and edge nginxes in front of the
// shield, each behind a fault link whose latency toxic stands for a distance. The shield starts
// first, so it is the run's nginx-1; edge i is nginx-(i + 1).
import type { FaultLink, RunContext } from '../src/sdk/contract.ts';
import type { PrivateNginx, PrivateNginxSettings } from '../src/sdk/nginx.ts';
import type { CdnTiersParams } from './params.ts';

type Ctx = RunContext<CdnTiersParams>;

export interface Cdn {
  shield: PrivateNginx;
  /** In front of the shield: what the edges connect to. */
  shieldLink: FaultLink;
  edges: PrivateNginx[];
  /** In front of each edge: what its clients connect to. */
  edgeLinks: FaultLink[];
}

// The origin sends no Cache-Control: each tier's TTL is its own proxy_cache_valid, as a CDN's
// configuration usually decides. One request per URL fills a tier (the lock); the others get
// the old copy meanwhile (UPDATING) if there is one.
function tier(upstream: string, ttlSec: number): PrivateNginxSettings {
  return { upstream, validSec: { '200': ttlSec }, lock: true, useStale: ['updating'] };
}

export const shieldSettings = (
  originAddress: string,
  p: Readonly<CdnTiersParams>,
): PrivateNginxSettings => tier(originAddress, p.shieldTtlSec);

export const edgeSettings = (
  shieldAddress: string,
  p: Readonly<CdnTiersParams>,
): PrivateNginxSettings => tier(shieldAddress, p.edgeTtlSec);

export async function startCdn(ctx: Ctx, originAddress: string): Promise<Cdn> {
  const p = ctx.params;
  const shield = await ctx.privateNginx(shieldSettings(originAddress, p));
  const shieldLink = await ctx.faults.link('shield', shield.address);
  if (p.shieldLatencyMs > 0) {
    await ctx.faults.addToxic('shield', {
      type: 'latency',
      attributes: { latency: p.shieldLatencyMs },
    });
  }
  const edges: PrivateNginx[] = [];
  const edgeLinks: FaultLink[] = [];
  for (let i = 1; i <= p.edges; i++) {
    const edge = await ctx.privateNginx(edgeSettings(shieldLink.listen, p));
    edges.push(edge);
    const link = await ctx.faults.link(`edge-${i}`, edge.address);
    edgeLinks.push(link);
    const distance = i * p.distanceStepMs;
    if (distance > 0) {
      await ctx.faults.addToxic(link.name, { type: 'latency', attributes: { latency: distance } });
    }
  }
  return { shield, shieldLink, edges, edgeLinks };
}

/** Every nginx process of the CDN now: masters and their children. */
export function cdnPids(cdn: Cdn): number[] {
  return [cdn.shield, ...cdn.edges].flatMap((n) => [n.pid, ...n.workerPids()]);
}
