// The run: an origin, a shield nginx, edge nginxes at different distances, and clients near each
// edge that read from the headers where each answer came from. New versions are published at the
// origin and followed until every edge serves them. At the end each tier's own access log and the
// origin's own count are read for the checks.
import type { RunContext } from '../src/sdk/contract.ts';
import { HttpOrigin } from '../src/sdk/http/index.ts';
import { ProxyClient } from '../src/sdk/nginx-client.ts';
import type { ProxyAnswer } from '../src/sdk/nginx-client.ts';
import { NGINX_CACHE_STATUSES, countByCacheStatus, upstreamAttempts } from '../src/sdk/nginx.ts';
import type { NginxCacheStatus } from '../src/sdk/nginx.ts';
import { fmt } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { createZipf } from '../src/sdk/random.ts';
import type { Counter, Gauge, Histogram } from '../src/sdk/recorders.ts';
import { factKeys } from './facts.ts';
import { TIERS } from './metrics.ts';
import type { Tier } from './metrics.ts';
import type { CdnTiersParams } from './params.ts';
import { observe, spreadBoundMs, spreadMs, startSpread } from './spread.ts';
import type { Spread } from './spread.ts';
import { cdnPids, edgeSettings, shieldSettings, startCdn } from './tiers.ts';
import type { Cdn } from './tiers.ts';

type Ctx = RunContext<CdnTiersParams>;

const BODY_BYTES = 2048;
/** The URL each edge is probed for after a new version: the hottest. */
const PROBE_PATH = '/r/1';
const PROBE_EVERY_MS = 100;
/** Trips through the links and the probe interval, on top of what the TTLs allow. */
const SPREAD_SLACK_MS = 1000;

type StatusKey = NginxCacheStatus | '';

/** Statuses whose body came from the answering nginx's own cache. */
const FROM_CACHE: ReadonlySet<StatusKey> = new Set(['HIT', 'STALE', 'UPDATING', 'REVALIDATED']);

/** Where an answer came from, by the edge's verdict and, past the edge, the shield's. */
export function tierOf(answer: Pick<ProxyAnswer, 'cache' | 'upstreamCache'>): Tier {
  if (FROM_CACHE.has(answer.cache ?? '')) return 'edge';
  return FROM_CACHE.has(answer.upstreamCache ?? '') ? 'shield' : 'origin';
}

interface Recorders {
  requests: Counter;
  perEdge: Counter[];
  errors: Counter;
  outdated: Counter;
  originRequests: Counter;
  servedBy: Record<Tier, Counter>;
  latency: Record<Tier, Histogram>;
  edgeHitLatency: Histogram[];
  hitRatioEdge: Gauge;
  hitRatioShield: Gauge;
  purgeMs: Gauge;
}

function recorders(ctx: Ctx): Recorders {
  const servedBy = {} as Record<Tier, Counter>;
  const latency = {} as Record<Tier, Histogram>;
  for (const tier of TIERS) {
    servedBy[tier] = ctx.metrics.counter(`servedBy.${tier}`);
    latency[tier] = ctx.metrics.histogram(`latency.${tier}`);
  }
  const edges = Array.from({ length: ctx.params.edges }, (_, i) => i + 1);
  return {
    requests: ctx.metrics.counter('requests'),
    perEdge: edges.map((i) => ctx.metrics.counter(`requests.edge${i}`)),
    errors: ctx.metrics.counter('errors'),
    outdated: ctx.metrics.counter('outdated'),
    originRequests: ctx.metrics.counter('originRequests'),
    servedBy,
    latency,
    edgeHitLatency: edges.map((i) => ctx.metrics.histogram(`edgeHitLatency.e${i}`)),
    hitRatioEdge: ctx.metrics.gauge('hitRatio.edge'),
    hitRatioShield: ctx.metrics.gauge('hitRatio.shield'),
    purgeMs: ctx.metrics.gauge('purgeMs'),
  };
}

/** What the clients read, per edge and, for answers that got past an edge, for the shield. */
interface Tally {
  edges: Record<StatusKey, number>[];
  shield: Record<StatusKey, number>;
  noAnswer: number;
}

function emptyCounts(): Record<StatusKey, number> {
  const counts = { '': 0 } as Record<StatusKey, number>;
  for (const status of NGINX_CACHE_STATUSES) counts[status] = 0;
  return counts;
}

export async function runCdnTiers(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  const r = recorders(ctx);
  const origin = await HttpOrigin.start({
    delayMs: p.originDelayMs,
    onRequest: () => r.originRequests.inc(),
  });
  const paths = Array.from({ length: p.resources }, (_, rank) => `/r/${rank + 1}`);
  for (const path of paths) origin.define(path, { sizeBytes: BODY_BYTES });
  const clients: ProxyClient[] = [];
  try {
    const cdn = await startCdn(ctx, origin.address);
    ctx.fact(factKeys.nginxPids, cdnPids(cdn).join(','));
    ctx.event(
      `A shield and ${p.edges} edges (nginx each) in front of the origin; edge i is i × ${p.distanceStepMs} ms from its clients, the shield ${p.shieldLatencyMs} ms from the edges. Every cache starts empty.`,
    );
    for (const link of cdn.edgeLinks) {
      clients.push(new ProxyClient(`http://${link.listen}`, p.clientsPerEdge));
    }
    followLiveChanges(ctx, origin, cdn);
    const tally: Tally = {
      edges: cdn.edges.map(() => emptyCounts()),
      shield: emptyCounts(),
      noAnswer: 0,
    };

    const ask = async (edge: number, path: string): Promise<ProxyAnswer | undefined> => {
      const versionAtSend = origin.versionOf(path);
      const client = clients[edge] as ProxyClient;
      let answer: ProxyAnswer;
      try {
        answer = await client.get(path);
      } catch (error) {
        tally.noAnswer++;
        r.errors.inc();
        if (tally.noAnswer === 1) {
          ctx.event(
            `A request to edge ${edge + 1} got no answer: ${(error as Error).message}`,
            'warn',
          );
        }
        return undefined;
      }
      recordAnswer(r, tally, edge, answer, versionAtSend);
      return answer;
    };

    const spreads = followVersions(ctx, origin, paths, ask, r);
    const pick = createZipf(paths.length, 1, ctx.random);
    const pacer = ctx.pacer(() => ctx.params.requestsPerSec);
    const workers = cdn.edges.flatMap((_, edge) =>
      Array.from({ length: p.clientsPerEdge }, async () => {
        while (await pacer.wait()) await ask(edge, paths[pick()] as string);
      }),
    );
    await Promise.all(workers);
    const spread = await spreads;

    // The load has stopped: what a tier still has in flight lands, then the logs and the
    // origin's count are read.
    let last = '';
    const drained = await waitFor(
      () => {
        const { edgesUpstream, shieldRequests, shieldUpstream } = logTotals(cdn);
        const now = `${edgesUpstream}/${shieldRequests}/${shieldUpstream}/${origin.stats().requests}`;
        const settled =
          edgesUpstream === shieldRequests &&
          shieldUpstream === origin.stats().requests &&
          now === last;
        last = now;
        return settled;
      },
      { withinMs: Math.min(6000, 1000 + ctx.params.originDelayMs * 2), everyMs: 150 },
    );
    recordFacts(ctx, cdn, origin, tally, spread, drained);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await origin.close();
  }
}

function recordAnswer(
  r: Recorders,
  tally: Tally,
  edge: number,
  answer: ProxyAnswer,
  versionAtSend: number,
): void {
  r.requests.inc();
  r.perEdge[edge]?.inc();
  const edgeCounts = tally.edges[edge] as Record<StatusKey, number>;
  edgeCounts[answer.cache ?? '']++;
  const tier = tierOf(answer);
  // Past the edge, this answer is one request the shield logged: its verdict is the header.
  if (tier !== 'edge') tally.shield[answer.upstreamCache ?? '']++;
  if (answer.status >= 500) {
    r.errors.inc();
    return;
  }
  r.servedBy[tier].inc();
  r.latency[tier].record(answer.latencyMs);
  if (tier === 'edge') r.edgeHitLatency[edge]?.record(answer.latencyMs);
  if (answer.originVersion !== undefined && answer.originVersion < versionAtSend) r.outdated.inc();
  const served = r.servedBy;
  r.hitRatioEdge.set(served.edge.total / r.requests.total);
  const pastEdge = served.shield.total + served.origin.total;
  if (pastEdge > 0) r.hitRatioShield.set(served.shield.total / pastEdge);
}

interface SpreadResult {
  /** Each completed spread's length, ms. */
  completed: number[];
  /** The bound the largest TTLs in effect set. */
  boundMs: number;
  /** How long the spread still under way at the end had been going, if one was. */
  unfinishedMs: number | undefined;
}

/**
 * Publishes a new version of every URL every `bumpEverySec` (not while the last one is still
 * spreading), and probes each edge for the hottest URL until it serves it.
 */
async function followVersions(
  ctx: Ctx,
  origin: HttpOrigin,
  paths: readonly string[],
  ask: (edge: number, path: string) => Promise<ProxyAnswer | undefined>,
  r: Recorders,
): Promise<SpreadResult> {
  const result: SpreadResult = { completed: [], boundMs: 0, unfinishedMs: undefined };
  let lastMs = ctx.elapsedMs();
  while (!ctx.signal.aborted) {
    await ctx.sleep(100);
    const every = ctx.params.bumpEverySec * 1000;
    if (every <= 0 || ctx.elapsedMs() - lastMs < every || ctx.signal.aborted) continue;
    const { edgeTtlSec, shieldTtlSec } = ctx.params;
    result.boundMs = Math.max(
      result.boundMs,
      spreadBoundMs(edgeTtlSec, shieldTtlSec, SPREAD_SLACK_MS),
    );
    let version = 0;
    for (const path of paths) {
      const v = origin.bump(path);
      if (path === PROBE_PATH) version = v;
    }
    const spread = startSpread(version, performance.now(), ctx.params.edges);
    ctx.event(
      `The origin publishes version ${version} of every URL; no purge: it spreads as entries expire`,
      {
        mark: true,
      },
    );
    await Promise.all(
      spread.reached.map(async (_, edge) => {
        while (!ctx.signal.aborted && spread.reached[edge] === undefined) {
          const answer = await ask(edge, PROBE_PATH);
          observe(spread, edge, answer?.originVersion, performance.now());
          if (spread.reached[edge] === undefined) await ctx.sleep(PROBE_EVERY_MS);
        }
      }),
    );
    lastMs = ctx.elapsedMs();
    const ms = spreadMs(spread);
    if (ms === undefined) {
      result.unfinishedMs = performance.now() - spread.publishedAt;
      break;
    }
    result.completed.push(ms);
    r.purgeMs.set(ms);
    ctx.event(
      `Version ${version} reached every edge after ${fmt(Math.round(ms))} ms (${describe(spread)})`,
    );
  }
  return result;
}

function describe(spread: Spread): string {
  return spread.reached.map((ms, i) => `edge ${i + 1}: ${fmt(Math.round(ms ?? 0))} ms`).join(', ');
}

function followLiveChanges(ctx: Ctx, origin: HttpOrigin, cdn: Cdn): void {
  let reloads = Promise.resolve();
  const reload = (what: string, apply: () => Promise<unknown>): void => {
    reloads = reloads.then(async () => {
      try {
        await apply();
        ctx.event(`${what} reloaded (SIGHUP): new TTL for answers stored from now on`);
      } catch (error) {
        ctx.event(`${what} kept its old config: ${(error as Error).message}`, 'warn');
      }
    });
  };
  ctx.onParamsChange((changed) => {
    const p = ctx.params;
    if (changed.includes('originDelayMs')) origin.setDelay(p.originDelayMs);
    if (changed.includes('shieldTtlSec')) {
      reload('The shield', () => cdn.shield.reload(shieldSettings(origin.address, p)));
    }
    if (changed.includes('edgeTtlSec')) {
      reload('Every edge', () =>
        Promise.all(cdn.edges.map((edge) => edge.reload(edgeSettings(cdn.shieldLink.listen, p)))),
      );
    }
  });
}

function logTotals(cdn: Cdn): {
  edgesUpstream: number;
  shieldRequests: number;
  shieldUpstream: number;
} {
  const shield = cdn.shield.accessLog();
  return {
    edgesUpstream: cdn.edges.reduce((n, edge) => n + upstreamAttempts(edge.accessLog()), 0),
    shieldRequests: shield.filter((l) => !l.background).length,
    shieldUpstream: upstreamAttempts(shield),
  };
}

function recordFacts(
  ctx: Ctx,
  cdn: Cdn,
  origin: HttpOrigin,
  tally: Tally,
  spread: SpreadResult,
  drained: boolean,
): void {
  const statuses: StatusKey[] = [...NGINX_CACHE_STATUSES, ''];
  cdn.edges.forEach((edge, index) => {
    const i = index + 1;
    const lines = edge.accessLog();
    const logged = countByCacheStatus(lines);
    for (const status of statuses) {
      ctx.fact(factKeys.edgeLog(i, status), logged[status]);
      ctx.fact(factKeys.edgeClients(i, status), tally.edges[index]?.[status] ?? 0);
    }
    ctx.fact(factKeys.edgeUpstream(i), upstreamAttempts(lines));
  });
  const shieldLines = cdn.shield.accessLog();
  const shieldLogged = countByCacheStatus(shieldLines);
  for (const status of statuses) {
    ctx.fact(factKeys.shieldLog(status), shieldLogged[status]);
    ctx.fact(factKeys.shieldClients(status), tally.shield[status]);
  }
  ctx.fact(factKeys.shieldRequests, shieldLines.filter((l) => !l.background).length);
  ctx.fact(factKeys.shieldUpstream, upstreamAttempts(shieldLines));
  ctx.fact(factKeys.originRequests, origin.stats().requests);
  ctx.fact(factKeys.noAnswer, tally.noAnswer);
  ctx.fact(factKeys.drained, drained);
  ctx.fact(factKeys.purges, spread.completed.length);
  if (spread.completed.length > 0) ctx.fact(factKeys.purgeMaxMs, Math.max(...spread.completed));
  if (spread.boundMs > 0) ctx.fact(factKeys.purgeBoundMs, spread.boundMs);
  if (spread.unfinishedMs !== undefined) ctx.fact(factKeys.purgeUnfinishedMs, spread.unfinishedMs);
}
