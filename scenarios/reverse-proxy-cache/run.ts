// The run: an origin, a private nginx in front of it, and clients that count nginx's verdict on
// every answer. The origin goes down for a while (nginx should answer from its stale copies).
// At the end the two other sides are read: nginx's own access log and the origin's own count.
import type { RunContext } from '../src/sdk/contract.ts';
import { HttpOrigin } from '../src/sdk/http/index.ts';
import { NGINX_CACHE_STATUSES, countByCacheStatus, upstreamAttempts } from '../src/sdk/nginx.ts';
import type { NginxCacheStatus, PrivateNginx } from '../src/sdk/nginx.ts';
import { fmt, plural } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { createZipf } from '../src/sdk/random.ts';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import { ProxyClient } from '../src/sdk/nginx-client.ts';
import { factKeys } from './facts.ts';
import { BYPASS_HEADER, RELOAD_PARAMS, nginxSettings } from './nginx-settings.ts';
import type { ReverseProxyCacheParams } from './params.ts';

type Ctx = RunContext<ReverseProxyCacheParams>;

const BODY_BYTES = 2048;

export const resourcePath = (rank: number): string => `/r/${rank + 1}`;

const cacheControl = (ttlSec: number): string => `max-age=${ttlSec}`;

interface Outage {
  active: boolean;
  happened: boolean;
  useStale: boolean;
  fromSec: number;
  toSec: number;
  cachedRequests: number;
  cachedErrors: number;
  stale: number;
  errors: number;
}

interface Recorders {
  requests: Counter;
  errors: Counter;
  originRequests: Counter;
  status: Record<NginxCacheStatus, Counter>;
  latency: Record<NginxCacheStatus, Histogram>;
}

function recorders(ctx: Ctx): Recorders {
  const status = {} as Record<NginxCacheStatus, Counter>;
  const latency = {} as Record<NginxCacheStatus, Histogram>;
  for (const s of NGINX_CACHE_STATUSES) {
    status[s] = ctx.metrics.counter(`status.${s}`);
    latency[s] = ctx.metrics.histogram(`latency.${s}`);
  }
  return {
    requests: ctx.metrics.counter('requests'),
    errors: ctx.metrics.counter('errors'),
    originRequests: ctx.metrics.counter('originRequests'),
    status,
    latency,
  };
}

const FIRST_SEEN: Partial<Record<NginxCacheStatus, string>> = {
  EXPIRED: 'outlived its max-age: nginx fetched it again and the client waited',
  STALE: 'past its max-age, served at once from the old copy',
  UPDATING: 'served from the old copy while another request refreshes it',
  REVALIDATED: 'past its max-age; the origin answered 304 to a conditional request',
  BYPASS: 'carried X-Cache-Bypass: nginx skipped its cache',
};

export async function runReverseProxyCache(ctx: Ctx): Promise<void> {
  const r = recorders(ctx);
  const p = ctx.params;
  const origin = await HttpOrigin.start({
    delayMs: p.originDelayMs,
    onRequest: () => r.originRequests.inc(),
  });
  const paths = Array.from({ length: p.resources }, (_, rank) => resourcePath(rank));
  for (const path of paths) {
    origin.define(path, { cacheControl: cacheControl(p.ttlSec), sizeBytes: BODY_BYTES });
  }
  let client: ProxyClient | undefined;
  try {
    const nginx = await ctx.privateNginx(nginxSettings(origin.address, p));
    ctx.event(
      `nginx (master ${nginx.pid}, ${plural(nginx.workerPids().length, 'child process', 'child processes')}) listens on ${nginx.address} in front of the origin on ${origin.address}; its cache is empty, so each URL starts with a MISS`,
    );
    ctx.fact(factKeys.nginxPids, [nginx.pid, ...nginx.workerPids()].join(','));
    let minDelayMs = p.originDelayMs;
    followLiveChanges(ctx, origin, nginx, paths, (ms) => (minDelayMs = Math.min(minDelayMs, ms)));
    const outage = scheduleOutage(ctx, origin);
    const versions = publishVersions(ctx, origin, paths);

    client = new ProxyClient(nginx.url, p.clients);
    const load = sendLoad(ctx, client, r, paths, outage);
    await Promise.all([load, versions]);

    // The load has stopped. The origin comes back; what nginx still has in flight (a background
    // update, a fetch it gave up on that the origin is still sleeping over) lands, then both
    // sides are read.
    origin.setDown(undefined);
    outage.active = false;
    let last = -1;
    const drained = await waitFor(
      () => {
        const attempts = upstreamAttempts(nginx.accessLog());
        const settled = attempts === origin.stats().requests && attempts === last;
        last = attempts;
        return settled;
      },
      { withinMs: Math.min(6000, 1000 + ctx.params.originDelayMs), everyMs: 150 },
    );
    recordFacts(ctx, nginx, origin, outage, minDelayMs, drained);
  } finally {
    await client?.close();
    await origin.close();
  }
}

async function sendLoad(
  ctx: Ctx,
  client: ProxyClient,
  r: Recorders,
  paths: readonly string[],
  outage: Outage,
): Promise<void> {
  const tally = { unlabelled: 0, noAnswer: 0 };
  const pick = createZipf(paths.length, 1, ctx.random);
  const served = new Set<string>();
  const seen = new Set<NginxCacheStatus>();
  const fromCache = (): number =>
    r.status.HIT.total + r.status.STALE.total + r.status.UPDATING.total;
  const hitRatio = ctx.metrics.gauge('hitRatio');
  const pacer = ctx.pacer(() => ctx.params.requestsPerSec);
  let noAnswerTold = false;

  const ask = async (): Promise<void> => {
    const path = paths[pick()] as string;
    const bypass = ctx.random.next() < ctx.params.bypassShare;
    const duringOutage = outage.active;
    // A bypass asks nginx not to answer from its cache, so it cannot be saved by a stale copy.
    const cached = served.has(path) && !bypass;
    try {
      const answer = await client.get(path, bypass ? { [BYPASS_HEADER]: '1' } : {});
      r.requests.inc();
      const ok = answer.status < 500;
      if (answer.cache === undefined) tally.unlabelled++;
      else {
        r.status[answer.cache].inc();
        if (ok) r.latency[answer.cache].record(answer.latencyMs);
        if (!seen.has(answer.cache)) {
          seen.add(answer.cache);
          const why = FIRST_SEEN[answer.cache];
          if (why !== undefined) ctx.event(`First ${answer.cache}: ${path} ${why}`);
        }
      }
      if (ok) served.add(path);
      else r.errors.inc();
      hitRatio.set(fromCache() / r.requests.total);
      if (duringOutage) {
        if (answer.cache === 'STALE') outage.stale++;
        if (!ok) outage.errors++;
        if (cached) {
          outage.cachedRequests++;
          if (!ok) outage.cachedErrors++;
        }
      }
    } catch (error) {
      tally.noAnswer++;
      r.errors.inc();
      if (!noAnswerTold) {
        noAnswerTold = true;
        ctx.event(`A request to nginx got no answer: ${(error as Error).message}`, 'warn');
      }
    }
  };
  await Promise.all(
    Array.from({ length: ctx.params.clients }, async () => {
      while (await pacer.wait()) await ask();
    }),
  );
  ctx.fact(factKeys.clientsUnlabelled, tally.unlabelled);
  ctx.fact(factKeys.clientsNoAnswer, tally.noAnswer);
}

function followLiveChanges(
  ctx: Ctx,
  origin: HttpOrigin,
  nginx: PrivateNginx,
  paths: readonly string[],
  onDelay: (ms: number) => void,
): void {
  let reloads = Promise.resolve();
  ctx.onParamsChange((changed) => {
    const p = ctx.params;
    if (changed.includes('ttlSec')) {
      for (const path of paths) origin.update(path, { cacheControl: cacheControl(p.ttlSec) });
      ctx.event(
        `The origin now sends Cache-Control: ${cacheControl(p.ttlSec)} (entries stored from now on)`,
      );
    }
    if (changed.includes('originDelayMs')) {
      origin.setDelay(p.originDelayMs);
      onDelay(p.originDelayMs);
    }
    if (changed.some((key) => (RELOAD_PARAMS as readonly string[]).includes(key))) {
      reloads = reloads.then(async () => {
        try {
          await nginx.reload(nginxSettings(origin.address, ctx.params));
          ctx.event('nginx reloaded its config (SIGHUP): same process, same port, same cache');
        } catch (error) {
          ctx.event(`nginx kept its old config: ${(error as Error).message}`, 'warn');
        }
      });
    }
  });
}

function scheduleOutage(ctx: Ctx, origin: HttpOrigin): Outage {
  const { outageAtSec, outageSec } = ctx.params;
  const outage: Outage = {
    active: false,
    happened: false,
    useStale: ctx.params.useStale,
    fromSec: outageAtSec,
    toSec: outageAtSec + outageSec,
    cachedRequests: 0,
    cachedErrors: 0,
    stale: 0,
    errors: 0,
  };
  if (outageAtSec <= 0) return outage;
  ctx.faults.at(outageAtSec, async () => {
    origin.setDown('reset');
    outage.active = true;
    outage.happened = true;
    outage.useStale = ctx.params.useStale;
    ctx.mark('origin down', 'fault');
    ctx.event(
      `The origin is down for ${fmt(outageSec)} s: it drops every connection${outage.useStale ? '; nginx may serve what it has cached, stale or not' : ', and use_stale is off'}`,
      'warn',
    );
  });
  ctx.faults.at(outageAtSec + outageSec, async () => {
    origin.setDown(undefined);
    outage.active = false;
    ctx.mark('origin back', 'fault');
    ctx.event(
      `The origin is back. During the outage: ${plural(outage.stale, 'STALE answer')}, ${plural(outage.errors, 'error')} (${fmt(outage.cachedErrors)} of them for URLs nginx had cached)`,
    );
  });
  return outage;
}

/** A new version of every URL every `changeEverySec`, live. */
async function publishVersions(
  ctx: Ctx,
  origin: HttpOrigin,
  paths: readonly string[],
): Promise<void> {
  let lastMs = ctx.elapsedMs();
  while (!ctx.signal.aborted) {
    await ctx.sleep(100);
    const every = ctx.params.changeEverySec * 1000;
    if (every <= 0 || ctx.elapsedMs() - lastMs < every || ctx.signal.aborted) continue;
    lastMs = ctx.elapsedMs();
    for (const path of paths) origin.bump(path);
  }
}

function recordFacts(
  ctx: Ctx,
  nginx: PrivateNginx,
  origin: HttpOrigin,
  outage: Outage,
  minDelayMs: number,
  drained: boolean,
): void {
  const lines = nginx.accessLog();
  const counts = countByCacheStatus(lines);
  for (const status of NGINX_CACHE_STATUSES) ctx.fact(factKeys.log(status), counts[status]);
  ctx.fact(factKeys.logUnlabelled, counts['']);
  ctx.fact(factKeys.logRequests, lines.filter((l) => !l.background).length);
  ctx.fact(factKeys.logBackground, lines.filter((l) => l.background).length);
  ctx.fact(factKeys.logUpstream, upstreamAttempts(lines));
  ctx.fact(factKeys.logUpstreamBackground, upstreamAttempts(lines.filter((l) => l.background)));
  for (const status of NGINX_CACHE_STATUSES) {
    const of = lines.filter((l) => !l.background && l.cacheStatus === status);
    ctx.fact(factKeys.logUpstreamFor(status), upstreamAttempts(of));
  }
  ctx.fact(
    factKeys.logUpstreamDropped,
    lines.reduce((n, l) => n + l.upstreamStatuses.filter((s) => s === '502').length, 0),
  );
  const stats = origin.stats();
  ctx.fact(factKeys.originRequests, stats.requests);
  ctx.fact(factKeys.originDropped, stats.byStatus.reset ?? 0);
  ctx.fact(factKeys.drained, drained);
  ctx.fact(factKeys.outageHappened, outage.happened);
  ctx.fact(factKeys.outageUseStale, outage.useStale);
  ctx.fact(factKeys.outageFromSec, outage.fromSec);
  ctx.fact(factKeys.outageToSec, outage.toSec);
  ctx.fact(factKeys.outageCachedRequests, outage.cachedRequests);
  ctx.fact(factKeys.outageCachedErrors, outage.cachedErrors);
  ctx.fact(factKeys.outageStale, outage.stale);
  ctx.fact(factKeys.minOriginDelayMs, minDelayMs);
}
