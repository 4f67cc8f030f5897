// The script: start the shop (auth, user, product, gateway), warm the product cache, slow
// product-service down, watch the gateway without protection, then switch protection on and
// watch it again. Clients count what they see; a poller reads the gateway's and
// product-service's own /metrics for the charts; the final reads feed the checks.
import type {
  Counter,
  Histogram,
  RunContext,
  ShopInstance,
  ShopMetrics,
} from '../src/sdk/index.ts';
import { GatewayClients } from './clients.ts';
import { logInShoppers } from '../src/sdk/shop-login.ts';
import type { GatewayAnswer } from './clients.ts';
import { factKeys } from './checks.ts';
import { BreakerObservations, BREAKER_STATES, stateOfValue } from './observations.ts';
import type { BreakerState, TransitionCounts } from './observations.ts';
import { OpenWindows } from './open-windows.ts';
import type { CircuitBreakerParams } from './params.ts';

type Ctx = RunContext<CircuitBreakerParams>;

const USERS = 10;
const PRODUCTS = 20;
const POLL_MS = 250;
/** The gateway's line: a request that waited this long for a worker is answered 503. */
const QUEUE_TIMEOUT_MS = 2_000;
/** After protection comes on: product-service's delay (calls from before) plus this. */
const SETTLE_MARGIN_MS = 1_500;
const MAX_BREAKER_MARKS = 60;
const PRODUCT_ROUTE = '/products/:id';

type Route = 'product' | 'user';

interface Recorders {
  requests: Counter;
  errors: Counter;
  userErrors: Counter;
  fallbacks: Counter;
  latency: Histogram;
  byRoute: Record<Route, Histogram>;
}

/** What the clients keep for the final accounting. */
interface ClientLog {
  observations: BreakerObservations;
  /** Requests that got no answer (client timeout, refused connection). */
  unanswered: number;
  productSentAt: number[];
  userSamples: { sentAt: number; ms: number }[];
}

export async function runCircuitBreaker(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  ctx.phase('warm-up');
  const shared = { SHOP_USERS: String(USERS), SHOP_PRODUCTS: String(PRODUCTS) };
  const [[auth], [userService], [product], [gateway]] = await Promise.all([
    ctx.shop.start('auth-service', { env: shared }),
    ctx.shop.start('user-service', { env: shared }),
    // The cache must outlive the run: it is what the fallback serves.
    ctx.shop.start('product-service', {
      env: { ...shared, SHOP_PRODUCT_CACHE_TTL_MS: String(3_600_000) },
    }),
    ctx.shop.start('gateway', {
      env: {
        ...shared,
        SHOP_GATEWAY_PROTECTION: p.protection,
        SHOP_GATEWAY_TIMEOUT_MS: String(p.timeoutMs),
        SHOP_GATEWAY_RETRIES: String(p.retries),
        SHOP_GATEWAY_WORKERS: String(p.gatewayWorkers),
        SHOP_GATEWAY_QUEUE_TIMEOUT_MS: String(QUEUE_TIMEOUT_MS),
        // Rate limiting is api-gateway's lesson; here it must never be what refuses a request.
        SHOP_RATE_LIMIT_PER_SEC: '100000',
        SHOP_RATE_LIMIT_BURST: '100000',
      },
    }),
  ]);
  if (!auth || !userService || !product || !gateway) throw new Error('the shop did not start');
  const users = Array.from({ length: USERS }, (_, i) => `u${i + 1}`);
  const tokens = (await logInShoppers(auth.url, users)).map((s) => s.token);
  const clients = new GatewayClients(gateway.url);
  try {
    // A run stopped during the start-up (a short one: four services take seconds) only counts.
    if (!ctx.signal.aborted) await prime(ctx, clients, tokens);
    ctx.phase('healthy');
    await drive(ctx, { gateway, product, tokens, clients });
  } finally {
    await clients.close();
  }
}

/**
 * Asks the gateway once for every product (so each is in the Redis cache the fallback reads)
 * and for a user (so its JWKS, service tokens and connections are warm before the clock starts).
 */
async function prime(ctx: Ctx, clients: GatewayClients, tokens: string[]): Promise<void> {
  const token = tokens[0] as string;
  const paths = [
    '/api/users/u1',
    ...Array.from({ length: PRODUCTS }, (_, i) => `/api/products/p${i + 1}`),
  ];
  const answers = await Promise.all(paths.map((path) => clients.get(path, token)));
  const failed = answers.filter((a) => a.status !== 200).length;
  ctx.event(
    failed === 0
      ? `The shop is up: ${PRODUCTS} products read once through the gateway, so each is in the Redis cache`
      : `${failed} of ${paths.length} warm-up requests failed: the fallback may miss some products`,
    failed === 0 ? 'info' : 'warn',
  );
}

interface Shop {
  gateway: ShopInstance;
  product: ShopInstance;
  tokens: string[];
  clients: GatewayClients;
}

async function drive(ctx: Ctx, shop: Shop): Promise<void> {
  const { gateway, product } = shop;
  const m = ctx.metrics;
  const recorders: Recorders = {
    requests: m.counter('requests'),
    errors: m.counter('errors'),
    userErrors: m.counter('errors.user'),
    fallbacks: m.counter('fallbacks'),
    latency: m.histogram('latency'),
    byRoute: { product: m.histogram('latency.product'), user: m.histogram('latency.user') },
  };
  const log: ClientLog = {
    observations: new BreakerObservations(),
    unanswered: 0,
    productSentAt: [],
    userSamples: [],
  };
  // The settings as they are now: a learner may have changed them during the start-up.
  const { protection: initially, timeoutMs, retries } = ctx.params;
  await gateway
    .control({ protection: initially, attemptTimeoutMs: timeoutMs, retries })
    .catch((e: Error) => ctx.event(e.message, 'warn'));
  const protection = new ProtectionTimeline(initially === 'on', ctx.elapsedMs());
  const loadStart = ctx.elapsedMs();
  let slowed = false;
  let slowedAtMs = -1;

  const applyChaos = async (): Promise<void> => {
    if (!slowed) return;
    const { delayMs, failRate } = ctx.params;
    await product.control({ delayMs, failRate }).catch((e: Error) => ctx.event(e.message, 'warn'));
  };
  const applyProtection = async (on: boolean, why: string): Promise<void> => {
    await gateway
      .control({ protection: on ? 'on' : 'off' })
      .catch((e: Error) => ctx.event(e.message, 'warn'));
    protection.set(on, ctx.elapsedMs(), ctx.params.delayMs);
    ctx.event(
      on
        ? `${why}: the gateway now gives each attempt at product-service ${ctx.params.timeoutMs} ms, retries ${ctx.params.retries} time(s) with jittered backoff, and answers from the Redis cache when the breaker is open`
        : `${why}: the gateway calls product-service plainly again, waiting as long as it takes`,
      { mark: true },
    );
    if (slowed) ctx.phase(on ? 'protected' : 'unprotected');
  };

  ctx.onParamsChange((changed) => {
    if (changed.includes('delayMs') || changed.includes('failRate')) void applyChaos();
    if (changed.includes('protection')) {
      void applyProtection(ctx.params.protection === 'on', `protection ${ctx.params.protection}`);
    }
    if (changed.includes('timeoutMs') || changed.includes('retries')) {
      void gateway
        .control({ attemptTimeoutMs: ctx.params.timeoutMs, retries: ctx.params.retries })
        .catch((e: Error) => ctx.event(e.message, 'warn'));
    }
  });

  const script = async (): Promise<void> => {
    const { slowAtSec, protectAtSec } = ctx.params;
    const steps = [
      {
        at: slowAtSec,
        go: async () => {
          slowed = true;
          slowedAtMs = ctx.elapsedMs();
          await applyChaos();
          ctx.phase(protection.on ? 'protected' : 'unprotected');
          ctx.event(
            `product-service slowed: +${ctx.params.delayMs} ms per request, ${Math.round(ctx.params.failRate * 100)}% answered 503. The user route never calls it: watch its latency`,
            { mark: true },
          );
        },
      },
    ];
    if (protectAtSec > 0) {
      steps.push({
        at: protectAtSec,
        go: async () => {
          if (!protection.on) await applyProtection(true, 'The script switches protection on');
        },
      });
    }
    steps.sort((a, b) => a.at - b.at);
    for (const step of steps) {
      await ctx.sleep(loadStart + step.at * 1000 - ctx.elapsedMs());
      if (ctx.signal.aborted) return;
      await step.go();
    }
  };

  const windows = new OpenWindows();
  await Promise.all([script(), load(ctx, shop, recorders, log), poll(ctx, shop, windows)]);

  await recordFacts(ctx, shop, { log, windows, protection, slowedAtMs });
}

interface Accounting {
  log: ClientLog;
  windows: OpenWindows;
  protection: ProtectionTimeline;
  slowedAtMs: number;
}

/** The load has stopped and every answer is in: the services' own final counts, and ours. */
async function recordFacts(ctx: Ctx, shop: Shop, a: Accounting): Promise<void> {
  const { log, windows, protection, slowedAtMs } = a;
  const read = (instance: ShopInstance): Promise<ShopMetrics | undefined> =>
    instance.metrics().catch((e: Error) => {
      ctx.event(`${instance.name} could not be read at the end: ${e.message}`, 'warn');
      return undefined;
    });
  const [g, pm] = await Promise.all([read(shop.gateway), read(shop.product)]);
  const clientCounts = log.observations.transitions();
  for (const state of BREAKER_STATES) {
    ctx.fact(factKeys.clientTransitions[state], clientCounts[state]);
  }
  ctx.fact(factKeys.clientStatesSeen, log.observations.count);
  ctx.fact(factKeys.clientTimeouts, log.unanswered);
  if (g !== undefined) {
    const gatewayCounts = transitionsOf(g);
    for (const state of BREAKER_STATES) {
      ctx.fact(factKeys.gatewayTransitions[state], gatewayCounts[state]);
    }
    ctx.fact(
      factKeys.gatewayFallbacks,
      g.value('shop_gateway_fallbacks_total', { result: 'served' }),
    );
    ctx.fact(factKeys.gatewayAttempts, g.value('shop_gateway_upstream_attempts_total'));
    ctx.event(
      `Breaker transitions: the clients saw ${describe(clientCounts)}; the gateway counted ${describe(gatewayCounts)}`,
    );
  }
  if (pm !== undefined) {
    ctx.fact(
      factKeys.productReceived,
      pm.value('shop_requests_received_total', { route: PRODUCT_ROUTE }),
    );
  }
  ctx.fact(factKeys.receivedWhileOpen, windows.receivedWhileOpen);
  ctx.fact(factKeys.sentWhileOpen, windows.countInside(log.productSentAt));
  ctx.fact(factKeys.openMs, Math.round(windows.openMs));
  const settled = protection.lastStretch(ctx.elapsedMs());
  ctx.fact(factKeys.protectedFromMs, Math.round(settled?.from ?? -1));
  const settledFrom = settled === undefined ? -1 : settled.from + settled.drainMs;
  ctx.fact(factKeys.settledFromMs, Math.round(settledFrom));
  const userMs = log.userSamples
    .filter((s) => settled !== undefined && s.sentAt >= settledFrom && s.sentAt < settled.to)
    .map((s) => s.ms);
  ctx.fact(factKeys.userSettledCount, userMs.length);
  const settledP99 = percentile(userMs, 0.99);
  ctx.fact(factKeys.userSettledP99, Math.round(settledP99 * 10) / 10);
  // The contrast, for the narration: the user route while product-service was slow and the
  // gateway unprotected (from the slow-down to protection, or to the end).
  const unprotectedTo =
    settled === undefined ? ctx.elapsedMs() : Math.max(slowedAtMs, settled.from);
  const exposed = log.userSamples
    .filter((s) => slowedAtMs >= 0 && s.sentAt >= slowedAtMs && s.sentAt < unprotectedTo)
    .map((s) => s.ms);
  const exposedP99 = percentile(exposed, 0.99);
  ctx.fact(factKeys.userUnprotectedCount, exposed.length);
  ctx.fact(factKeys.userUnprotectedP99, Math.round(exposedP99 * 10) / 10);
  if (exposed.length > 0 && userMs.length > 0) {
    ctx.event(
      `The user route, which never calls product-service: p99 ${Math.round(exposedP99)} ms while product-service was slow and the gateway unprotected, ${Math.round(settledP99)} ms with protection`,
    );
  }
}

async function load(ctx: Ctx, shop: Shop, r: Recorders, log: ClientLog): Promise<void> {
  const pacer = ctx.pacer(() => ctx.params.requestsPerSec);
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  while (await pacer.wait()) {
    const route: Route = n % 2 === 0 ? 'product' : 'user';
    n += 1;
    const token = shop.tokens[ctx.random.int(shop.tokens.length)] as string;
    const path =
      route === 'product'
        ? `/api/products/p${ctx.random.int(PRODUCTS) + 1}`
        : `/api/users/u${ctx.random.int(USERS) + 1}`;
    const sentAt = ctx.elapsedMs();
    if (route === 'product') log.productSentAt.push(sentAt);
    const task = shop.clients
      .get(path, token)
      .then((answer) => record(answer, route, sentAt, r, log))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  await Promise.all(inFlight);
}

function record(
  answer: GatewayAnswer,
  route: Route,
  sentAt: number,
  r: Recorders,
  log: ClientLog,
): void {
  r.requests.inc();
  r.latency.record(answer.ms);
  r.byRoute[route].record(answer.ms);
  if (answer.status < 200 || answer.status > 299) {
    r.errors.inc();
    if (route === 'user') r.userErrors.inc();
  }
  if (answer.fallback) r.fallbacks.inc();
  if (answer.status === 0) log.unanswered += 1;
  else log.observations.record(answer.breakerState, answer.breakerSeq);
  if (route === 'user') log.userSamples.push({ sentAt, ms: answer.ms });
}

/** Reads both services side by side every POLL_MS: the charts, the markers, the open windows. */
async function poll(ctx: Ctx, shop: Shop, windows: OpenWindows): Promise<void> {
  const m = ctx.metrics;
  const state = m.gauge('breakerState');
  const protection = m.gauge('protection');
  const busy = m.gauge('gatewayBusy');
  const queued = m.gauge('gatewayQueued');
  const calls = m.counter('productCalls');
  const received = m.counter('productReceived');
  let last: { counts: TransitionCounts; attempts: number; received: number } | undefined;
  let marks = 0;
  while (!ctx.signal.aborted) {
    const atMs = ctx.elapsedMs();
    let g: ShopMetrics;
    let pm: ShopMetrics;
    try {
      [g, pm] = await Promise.all([shop.gateway.metrics(), shop.product.metrics()]);
    } catch {
      // A paused or killed service (the fault panel): no reading this time.
      await ctx.sleep(POLL_MS);
      continue;
    }
    const now = stateOfValue(g.value('shop_gateway_breaker_state')) ?? 'closed';
    const counts = transitionsOf(g);
    const attempts = g.value('shop_gateway_upstream_attempts_total');
    const arrived = pm.value('shop_requests_received_total', { route: PRODUCT_ROUTE });
    state.set(g.value('shop_gateway_breaker_state'));
    protection.set(g.value('shop_gateway_protection'));
    busy.set(g.value('shop_gateway_pool_busy'));
    queued.set(g.value('shop_gateway_pool_queued'));
    calls.inc(attempts - (last?.attempts ?? 0));
    received.inc(arrived - (last?.received ?? 0));
    const total = counts.open + counts['half-open'] + counts.closed;
    windows.add({ atMs, state: now, transitions: total, received: arrived });
    if (last !== undefined) {
      for (const s of ['open', 'half-open', 'closed'] as const) {
        if (counts[s] === last.counts[s]) continue;
        marks += 1;
        if (marks <= MAX_BREAKER_MARKS) ctx.mark(`breaker ${s}`, 'moment');
        if (marks === MAX_BREAKER_MARKS) ctx.event('Further breaker transitions are not marked');
        if (s === 'open' && last.counts.open === 0) {
          ctx.event(
            'The breaker opened: product-service failed too many attempts in a row. Product requests are now answered from the Redis cache at once, and product-service gets a rest',
          );
        }
      }
    }
    last = { counts, attempts, received: arrived };
    await ctx.sleep(POLL_MS - (ctx.elapsedMs() - atMs));
  }
}

function transitionsOf(metrics: ShopMetrics): TransitionCounts {
  const count = (to: BreakerState) =>
    metrics.value('shop_gateway_breaker_transitions_total', { to });
  return { open: count('open'), 'half-open': count('half-open'), closed: count('closed') };
}

const describe = (c: TransitionCounts): string =>
  `${c.open} open, ${c['half-open']} half-open, ${c.closed} closed`;

/** When protection was on, and how long the calls from before it held the gateway. */
class ProtectionTimeline {
  private since: { from: number; drainMs: number } | undefined;
  private last: { from: number; to: number; drainMs: number } | undefined;

  constructor(initiallyOn: boolean, now: number) {
    if (initiallyOn) this.since = { from: now, drainMs: 0 };
  }

  get on(): boolean {
    return this.since !== undefined;
  }

  set(on: boolean, now: number, delayMs: number): void {
    if (on && this.since === undefined) {
      this.since = { from: now, drainMs: delayMs + SETTLE_MARGIN_MS };
    } else if (!on && this.since !== undefined) {
      this.last = { ...this.since, to: now };
      this.since = undefined;
    }
  }

  /** The latest stretch with protection on (to `now` if it still is). */
  lastStretch(now: number): { from: number; to: number; drainMs: number } | undefined {
    return this.since !== undefined ? { ...this.since, to: now } : this.last;
  }
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}
