// Clients ask the gateway for products; the gateway picks a product-service instance from the
// registry (Redis keys with a TTL) for each. The learner scales the instances live; a scripted
// SIGKILL takes one down without deregistering. Redis is read every 20 ms (when did the dead key
// expire?), the gateway's /metrics every 100 ms (when did it last call the dead instance?).
import type { RunContext } from '../src/sdk/contract.ts';
import type { ShopInstance } from '../src/sdk/shop.ts';
import { fmt, plural, Throttle } from '../src/sdk/narration.ts';
import { withDeadline } from '../src/sdk/deadline.ts';
import { ClientLedger, ShopClients } from './clients.ts';
import { SERVICE, factKeys, instanceName, requestsKey } from './metrics.ts';
import { MAX_INSTANCES } from './params.ts';
import type { ServiceDiscoveryParams } from './params.ts';
import { RegistryTimeline } from './registry-timeline.ts';
import { RegistryWatch } from './registry-watch.ts';
import { DRAIN_MS, Scaler } from './scaler.ts';
import { GATEWAY_REFRESH_MS, IN_FLIGHT_SLACK_MS, exposureWindowMs } from './ttl-bound.ts';
import {
  GATEWAY_SCRAPE_EVERY_MS,
  UpstreamWatch,
  callsSince,
  lastCallSeenMs,
  upstreamTotals,
} from './upstream-watch.ts';

const PRODUCTS = 100;
const PRODUCT_ROUTE = '/products/:id';
const FINAL_PHASE_MS = 7_000;
const SCALE_WAIT_MS = 3_500;

interface Kill {
  instance: string;
  atMs: number;
  ttlLeftMs: number;
  registeredAtKill: number;
  goneAtMs?: number;
}

const ownCount = async (instance: ShopInstance): Promise<number> =>
  (await instance.metrics()).value('http_server_requests_total', {
    route: PRODUCT_ROUTE,
    status: '200',
  });

export async function runServiceDiscovery(ctx: RunContext<ServiceDiscoveryParams>): Promise<void> {
  const p = ctx.params;
  const now = (): number => ctx.elapsedMs();
  const env = { SHOP_REGISTRY_TTL_MS: String(p.ttlMs) };
  const productEnv = { ...env, SHOP_DRAIN_MS: String(DRAIN_MS), SHOP_PRODUCTS: String(PRODUCTS) };

  ctx.phase('start-up');
  const startedAt = performance.now();
  const [[auth], [gateway]] = await Promise.all([
    ctx.shop.start('auth-service', { env }),
    ctx.shop.start('gateway', {
      env: {
        ...env,
        // Rate limiting is api-gateway's lesson: here it must never be why a request fails.
        SHOP_RATE_LIMIT_PER_SEC: '100000',
        SHOP_RATE_LIMIT_BURST: '100000',
      },
    }),
    ctx.shop.start(SERVICE, { instances: p.instances, env: productEnv }),
  ]);
  if (auth === undefined || gateway === undefined) throw new Error('the shop did not start');
  ctx.event(
    `gateway, auth-service and ${plural(p.instances, 'product-service instance')} started in ${fmt(Math.round(performance.now() - startedAt))} ms; each product-service instance keeps a registry key with a ${fmt(p.ttlMs)} ms TTL, renewed every ${fmt(Math.round(p.ttlMs / 3))} ms`,
  );

  // In number order (parallel starts finish in any order): product-service-1 first.
  const running = (): ShopInstance[] =>
    ctx.shop
      .instances(SERVICE)
      .filter((i) => i.running)
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  // The names the next instances will take are watched too, so a new instance's key is seen
  // from its first write, before its start-up has even been reported.
  const watchedNames = (): string[] => {
    const started = ctx.shop.instances(SERVICE).length;
    const ahead = Array.from({ length: MAX_INSTANCES }, (_, k) => instanceName(started + k + 1));
    return [...ctx.shop.instances(SERVICE).map((i) => i.name), ...ahead];
  };
  const redis = await ctx.brokers.redis();
  const timeline = new RegistryTimeline();
  const finalCounts = new Map<string, number | undefined>();
  const gauges = {
    instances: ctx.metrics.gauge('instances'),
    killedKeyTtl: ctx.metrics.gauge('killedKeyTtlMs'),
    deregister: ctx.metrics.gauge('deregisterMs'),
  };
  let kill: Kill | undefined;
  const watchErrors = new Throttle(5_000);
  const onWatchError = (what: string) => (error: unknown) => {
    if (watchErrors.allow(what)) ctx.event(`${what}: ${(error as Error).message}`, 'warn');
  };

  const registry = new RegistryWatch(redis, {
    instances: watchedNames,
    keyOf: (name) => `${ctx.shop.names.keyPrefix}registry:${SERVICE}:${name}`,
    now,
    timeline,
    onReading: ({ atMs, pttl }) => {
      gauges.instances.set([...pttl.values()].filter((ms) => ms !== -2).length);
      if (kill === undefined || kill.goneAtMs !== undefined) return;
      const left = pttl.get(kill.instance) ?? -2;
      gauges.killedKeyTtl.set(Math.max(0, left));
      if (left === -2) {
        kill.goneAtMs = atMs;
        gauges.deregister.set(atMs - kill.atMs);
        ctx.event(
          `Redis dropped ${kill.instance}’s key ${fmt(atMs - kill.atMs)} ms after the kill; the gateway stops picking it at its next registry read (within ${GATEWAY_REFRESH_MS} ms)`,
          { mark: true },
        );
      }
    },
    onError: onWatchError('reading the registry failed'),
  });
  const upstream = new UpstreamWatch(
    gateway,
    SERVICE,
    now,
    onWatchError('scraping the gateway failed'),
  );
  const scaler = new Scaler({
    start: (count) => ctx.shop.start(SERVICE, { instances: count, env: productEnv }),
    running,
    timeline,
    upstream,
    now,
    ownCount,
    finalCount: (name, count) => finalCounts.set(name, count),
    event: (message, level) => ctx.event(message, level),
  });

  const ledger = new ClientLedger();
  const answered = new Map<string, ReturnType<typeof ctx.metrics.counter>>();
  let firstErrorAfterKill = true;
  const clients = new ShopClients({
    gatewayUrl: gateway.url,
    authUrl: auth.url,
    users: p.clients,
    products: PRODUCTS,
    random: ctx.random,
    now,
    killedAtMs: () => kill?.atMs,
    ledger,
    recorders: {
      answered: (instance) => {
        let counter = answered.get(instance);
        if (counter === undefined) {
          counter = ctx.metrics.counter(requestsKey(instance));
          answered.set(instance, counter);
        }
        return counter;
      },
      errors: ctx.metrics.counter('errors'),
      errorsAfterKill: ctx.metrics.counter('errorsAfterKill'),
      latency: ctx.metrics.histogram('latency'),
    },
    onError: (status, detail) => {
      if (kill !== undefined && firstErrorAfterKill) {
        firstErrorAfterKill = false;
        ctx.event(
          `first error after the kill: ${status} from the gateway: its registry list still holds ${kill.instance}, whose key has not expired`,
          'warn',
        );
      } else if (watchErrors.allow('client')) {
        ctx.event(
          `a client got ${status === 0 ? 'no answer' : status}: ${detail.slice(0, 160)}`,
          'warn',
        );
      }
    },
  });

  let killTimer: NodeJS.Timeout | undefined;
  try {
    await clients.login();
    registry.start();
    upstream.start();
    ctx.onParamsChange((changed) => {
      if (changed.includes('instances') && !ctx.signal.aborted)
        void scaler.scaleTo(ctx.params.instances);
    });

    ctx.phase('load');
    if (p.killAtSec > 0) {
      killTimer = setTimeout(() => {
        if (ctx.signal.aborted) return;
        const victim = running()[0];
        if (victim === undefined) return;
        const registeredAtKill = [...(registry.last?.pttl.values() ?? [])].filter(
          (ms) => ms !== -2,
        ).length;
        const atMs = now();
        kill = { instance: victim.name, atMs, ttlLeftMs: -2, registeredAtKill };
        void (async () => {
          await ctx.faults.act(victim.name, 'kill');
          const left = (await registry.read()).pttl.get(victim.name) ?? -2;
          if (kill) kill.ttlLeftMs = left;
          ctx.event(
            `${victim.name} killed (SIGKILL): it cannot deregister, and its key has ${fmt(left)} ms left in Redis. Until it expires the gateway keeps picking it, one request in ${registeredAtKill}`,
            { level: 'warn', mark: true },
          );
        })().catch(onWatchError('the kill failed'));
      }, p.killAtSec * 1000);
    }

    await clients.run(ctx.pacer(() => ctx.params.requestsPerSec));

    await withDeadline(
      (async () => {
        // A scale change under way finishes first (a drain takes ~2 s); one still starting an
        // instance on a busy machine is left behind rather than let overrun the finish budget.
        await withDeadline(scaler.settled(), SCALE_WAIT_MS, 'the last scale change').catch(
          (error: Error) => ctx.event(error.message, 'warn'),
        );
        await registry.read();
        await registry.stop();
        await upstream.stop();
        await upstream.scrape();
        for (const instance of running()) {
          finalCounts.set(instance.name, await ownCount(instance).catch(() => undefined));
        }
        const totals = await upstreamTotals(gateway, SERVICE);
        recordFacts(ctx, { ledger, timeline, upstream, finalCounts, totals, kill });
        const errors = ledger.errors;
        ctx.event(
          `done: ${fmt(ledger.answers.length)} answered, ${fmt(errors)} errors` +
            (kill === undefined
              ? ''
              : `, ${fmt(ledger.errorsAfterKill)} of them after the kill of ${kill.instance}` +
                (kill.goneAtMs === undefined
                  ? ''
                  : `, whose key Redis dropped ${fmt(kill.goneAtMs - kill.atMs)} ms after it`)),
        );
      })(),
      FINAL_PHASE_MS,
      'the final count',
    );
  } finally {
    if (killTimer) clearTimeout(killTimer);
    await registry.stop();
    await upstream.stop();
    await clients.close();
  }
}

interface Accounts {
  ledger: ClientLedger;
  timeline: RegistryTimeline;
  upstream: UpstreamWatch;
  finalCounts: Map<string, number | undefined>;
  totals: Awaited<ReturnType<typeof upstreamTotals>>;
  kill: Kill | undefined;
}

function recordFacts(ctx: RunContext<ServiceDiscoveryParams>, a: Accounts): void {
  const { ledger, timeline, kill } = a;
  const slack = timeline.maxGapMs;
  const outside = ledger.answers.filter(
    // The gateway routes by the list it read last, up to one refresh before the request.
    (x) =>
      !timeline.registeredDuring(x.instance, x.sentMs - GATEWAY_REFRESH_MS, x.answeredMs, slack),
  );
  ctx.fact(factKeys.answersChecked, ledger.answers.length);
  ctx.fact(factKeys.answersUnregistered, outside.length);
  ctx.fact(factKeys.registrySlackMs, Math.round(slack));
  const first = outside[0];
  if (first) {
    ctx.fact(
      factKeys.firstUnregistered,
      `${first.instance} answered a request sent at ${Math.round(first.sentMs)} ms`,
    );
  }
  ctx.fact(factKeys.errors, ledger.errors);
  ctx.fact(factKeys.errorsAfterKill, ledger.errorsAfterKill);
  ctx.fact(factKeys.gatewayScrapeMs, GATEWAY_SCRAPE_EVERY_MS);
  const failed = [...a.totals.failed.values()].reduce((n, v) => n + v, 0);
  ctx.fact(factKeys.gatewayFailed, failed);

  const names = new Set([
    ...ctx.shop.instances(SERVICE).map((i) => i.name),
    ...ledger.perInstance.keys(),
  ]);
  for (const name of names) ctx.fact(factKeys.clients(name), ledger.perInstance.get(name) ?? 0);
  for (const [name, count] of a.finalCounts) {
    if (count !== undefined) ctx.fact(factKeys.own(name), count);
  }

  if (kill === undefined) return;
  ctx.fact(factKeys.killed, kill.instance);
  ctx.fact(factKeys.killAtMs, Math.round(kill.atMs));
  ctx.fact(factKeys.ttlLeftAtKillMs, kill.ttlLeftMs);
  ctx.fact(factKeys.instancesAtKill, kill.registeredAtKill);
  ctx.fact(
    factKeys.sentInTtlWindow,
    ledger.sentBetween(kill.atMs, kill.atMs + exposureWindowMs(ctx.params.ttlMs)),
  );
  ctx.fact(factKeys.gatewayFailedToKilled, a.totals.failed.get(kill.instance) ?? 0);
  ctx.fact(factKeys.gatewayOk(kill.instance), a.totals.ok.get(kill.instance) ?? 0);
  const lastSeen = lastCallSeenMs(a.upstream.scrapes, kill.instance);
  if (lastSeen !== undefined)
    ctx.fact(factKeys.gatewayLastToKilledMs, Math.round(lastSeen - kill.atMs));
  if (kill.goneAtMs === undefined) {
    ctx.fact(factKeys.deregisterMs, -1);
    return;
  }
  ctx.fact(factKeys.deregisterMs, Math.round(kill.goneAtMs - kill.atMs));
  const after = callsSince(
    a.upstream.scrapes,
    kill.instance,
    kill.goneAtMs + GATEWAY_REFRESH_MS + IN_FLIGHT_SLACK_MS,
  );
  if (after !== undefined) ctx.fact(factKeys.gatewayToKilledAfterExpiry, after);
}
