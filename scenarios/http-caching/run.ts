// The run: start the origin, give each client a private cache of its own, send the load, and
// sort every answer by where it came from (as the taps around each client's cache saw it). The
// origin counts what reached it on its own side, for the checks.
import type { RunContext } from '../src/sdk/contract.ts';
import {
  CachingClient,
  HttpOrigin,
  parseCacheControl,
  reuseWindowSec,
} from '../src/sdk/http/index.ts';
import type { Answer, NetworkExchange } from '../src/sdk/http/index.ts';
import { Throttle, fmt, pct, plural } from '../src/sdk/narration.ts';
import { factKeys } from './facts.ts';
import type { HttpCachingParams } from './params.ts';
import { INDEX_PATH, RESOURCES, resourceSettings } from './resources.ts';
import type { ResourceSpec } from './resources.ts';
import { createRecorders } from './recorders.ts';
import type { Recorders } from './recorders.ts';

type Ctx = RunContext<HttpCachingParams>;

// The cache decides when the request is sent; an answer measured from then may trail the
// decision by the event loop's lag, never by more.
const WINDOW_SLACK_MS = 250;
const IDLE_WAIT_MS = 3000;

interface PerResource {
  requests: number;
  outdated: number;
}

export async function runHttpCaching(ctx: Ctx): Promise<void> {
  const r = createRecorders(ctx);
  const origin = await HttpOrigin.start({
    delayMs: ctx.params.originDelayMs,
    indexPath: INDEX_PATH,
    // The load connects straight to the origin; anything through a proxy (the playground
    // server forwarding the panel's fetches) is not part of it.
    apart: (headers) => headers.via !== undefined,
    onRequest: (request) => (request.apart ? r.browserRequests : r.originRequests).inc(),
  });
  const clients: CachingClient[] = [];
  try {
    for (const spec of RESOURCES) origin.define(spec.path, resourceSettings(spec, ctx.params));
    ctx.exposeHttp('origin', origin.url);
    followLiveChanges(ctx, origin);

    const network = { s200: 0, s304: 0, other: 0 };
    const onNetwork = (e: NetworkExchange): void => {
      if (e.status === 200) network.s200++;
      else if (e.status === 304) network.s304++;
      else network.other++;
      r.bytes.inc(e.bodyBytes);
      if (e.background) r.backgroundRevalidations.inc();
    };
    for (let i = 0; i < ctx.params.clients; i++) {
      clients.push(new CachingClient({ origin: origin.url, onNetwork }));
    }
    ctx.event(
      `${plural(ctx.params.clients, 'client')} start with empty caches: the first request for each resource goes to the origin in full`,
    );

    const perResource = new Map<string, PerResource>(
      RESOURCES.map((s) => [s.id, { requests: 0, outdated: 0 }]),
    );
    const over = { count: 0, worstMs: 0 };
    const narrator = new Narrator(ctx);
    const pacer = ctx.pacer(() => ctx.params.requestsPerSec);
    const ask = async (client: CachingClient): Promise<void> => {
      const spec = RESOURCES[ctx.random.int(RESOURCES.length)] as ResourceSpec;
      const versionAtSend = origin.versionOf(spec.path);
      const sentAt = performance.now();
      let answer: Answer;
      try {
        answer = await client.get(spec.path);
      } catch (error) {
        r.errors.inc();
        narrator.error(spec.path, error as Error);
        return;
      }
      const tally = perResource.get(spec.id) as PerResource;
      tally.requests++;
      record(r, answer);
      narrator.answer(answer);
      const got = Number(answer.headers['x-origin-version']);
      if (got < versionAtSend) {
        tally.outdated++;
        r.outdated.inc();
        const behindMs = sentAt - (origin.publishedAt(spec.path, got + 1) ?? sentAt);
        r.outdatedMs.record(behindMs);
        const windowMs =
          reuseWindowSec(parseCacheControl(answer.headers['cache-control'])) * 1000 +
          WINDOW_SLACK_MS;
        if (behindMs > windowMs) {
          over.count++;
          over.worstMs = Math.max(over.worstMs, behindMs - windowMs);
        }
      }
    };
    const workers = clients.map(async (client) => {
      while (await pacer.wait()) await ask(client);
    });
    const changes = publishVersions(ctx, origin);
    await Promise.all(workers);
    const published = await changes;

    // The load has stopped: let background refreshes land, then take both sides' counts.
    const idle = await Promise.all(clients.map((c) => c.idle(IDLE_WAIT_MS)));
    const pending = clients.reduce((n, c) => n + c.pending, 0);
    const stats = origin.stats();
    ctx.fact(factKeys.pendingAtEnd, pending);
    ctx.fact(factKeys.originRequests, stats.requests);
    ctx.fact(factKeys.origin200, stats.byStatus['200'] ?? 0);
    ctx.fact(factKeys.origin304, stats.byStatus['304'] ?? 0);
    ctx.fact(
      factKeys.originOther,
      stats.requests - (stats.byStatus['200'] ?? 0) - (stats.byStatus['304'] ?? 0),
    );
    ctx.fact(factKeys.originBytes, stats.bytes);
    ctx.fact(factKeys.network200, network.s200);
    ctx.fact(factKeys.network304, network.s304);
    ctx.fact(factKeys.networkOther, network.other);
    for (const spec of RESOURCES) {
      const tally = perResource.get(spec.id) as PerResource;
      ctx.fact(factKeys.clientPerResource(spec.id), tally.requests);
      ctx.fact(factKeys.outdatedPerResource(spec.id), tally.outdated);
      ctx.fact(factKeys.originPerResource(spec.id), stats.byPath[spec.path]?.requests ?? 0);
    }
    ctx.fact(factKeys.outdatedOverWindow, over.count);
    ctx.fact(factKeys.worstOverWindow, Math.round(over.worstMs));
    ctx.fact(factKeys.changes, published);
    const answers = r.requests.total;
    ctx.event(
      `The clients answered ${pct(r.fromCache.total, answers)} of ${fmt(answers)} requests from their own caches; the origin counted ${plural(stats.requests, 'request')} from them` +
        (idle.every(Boolean)
          ? ''
          : ` (${plural(pending, 'refresh', 'refreshes')} still in flight)`),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await origin.close();
  }
}

function record(r: Recorders, answer: Answer): void {
  r.requests.inc();
  if (answer.verdict === 'cache') {
    r.fromCache.inc();
    r.bytesFromCache.inc(answer.bodyBytes);
    r.latencyCache.record(answer.latencyMs);
    if (answer.stale) r.staleServed.inc();
  } else if (answer.verdict === 'revalidated') {
    r.revalidated.inc();
    r.bytesFromCache.inc(answer.bodyBytes);
    r.latencyRevalidated.record(answer.latencyMs);
  } else {
    r.full.inc();
    r.latencyFull.record(answer.latencyMs);
  }
  r.cacheRatio.set(r.fromCache.total / r.requests.total);
}

/** Every `changeEverySec` the origin publishes a new version of every resource; returns how many. */
async function publishVersions(ctx: Ctx, origin: HttpOrigin): Promise<number> {
  let published = 0;
  let last = performance.now();
  const marks = new Throttle(2000);
  while (!ctx.signal.aborted) {
    await ctx.sleep(100);
    const every = ctx.params.changeEverySec;
    if (ctx.signal.aborted) break;
    if (every <= 0) {
      last = performance.now();
      continue;
    }
    if (performance.now() - last < every * 1000) continue;
    last = performance.now();
    let version = 0;
    for (const spec of RESOURCES) version = origin.bump(spec.path);
    published++;
    const message = `The origin published version ${version} of every resource: cached copies of /fresh may answer with the old one for up to ${ctx.params.maxAgeSec} s, /swr for up to ${1 + ctx.params.swrSec} s; /no-cache, /by-date and /no-store see it at once`;
    ctx.event(message, { mark: marks.allow('change') });
  }
  return published;
}

function followLiveChanges(ctx: Ctx, origin: HttpOrigin): void {
  ctx.onParamsChange((changed) => {
    if (changed.includes('originDelayMs')) {
      origin.setDelay(ctx.params.originDelayMs);
      ctx.event(
        `Every trip to the origin now waits ${ctx.params.originDelayMs} ms: revalidations and full fetches slow down alike, answers from cache do not`,
      );
    }
    if (changed.includes('maxAgeSec') || changed.includes('swrSec')) {
      for (const spec of RESOURCES) {
        origin.update(spec.path, { cacheControl: spec.settings(ctx.params).cacheControl });
      }
      ctx.event(
        'The origin sends the new Cache-Control from its next answer on; copies already cached keep the lifetime they were given',
      );
    }
  });
}

/** A few sentences, each said once, as the first answers of each kind arrive. */
class Narrator {
  private readonly said = new Set<string>();
  private readonly errors = new Throttle(5000);

  constructor(private readonly ctx: Ctx) {}

  answer(answer: Answer): void {
    const { verdict, path } = answer;
    if (verdict === 'cache' && answer.stale) {
      this.once(
        'stale',
        `First stale answer: ${path} past its max-age, served from cache at once while the cache refreshes it in the background (stale-while-revalidate)`,
      );
    } else if (verdict === 'cache') {
      this.once(
        'cache',
        `First answer from a client's own cache (${path}): no request left the client, and the origin never knew`,
      );
    } else if (verdict === 'revalidated') {
      this.once(
        'revalidated',
        `First 304 (${path}): the cache asked "changed since?" with its validator and reused its body`,
      );
    }
  }

  error(path: string, error: Error): void {
    if (this.errors.allow('error')) {
      this.ctx.event(`A request for ${path} failed: ${error.message}`, 'warn');
    }
  }

  private once(topic: string, message: string): void {
    if (this.said.has(topic)) return;
    this.said.add(topic);
    this.ctx.event(message);
  }
}
