// The script: start the shop, log the users in, send the traffic (well-behaved users sharing a
// rate, greedy ones each over theirs, a share of requests with a bad token), follow live
// changes of the rate limit, then hold what the clients counted against the gateway's own
// /metrics, the order store in Redis, the consumers' counters and one order's trace.
import { poll, waitFor } from '../src/sdk/index.ts';
import type { RunContext, ShopInstance } from '../src/sdk/index.ts';
import { GatewayClients } from './clients.ts';
import type { BadToken, Recorders, Session } from './clients.ts';
import { ROUTES, latencyKey } from './metrics.ts';
import type { RouteKey } from './metrics.ts';
import type { ApiGatewayParams } from './params.ts';
import { HOPS, bestOrderTrace } from './trace-hops.ts';

type Ctx = RunContext<ApiGatewayParams>;

const WORKERS = 24;
const GREEDY_WORKERS = 4;
const PRODUCTS = 100;
/** The finish has 8 s: the consumers' catching up and the last spans share it. */
const DRAIN_MS = 4_000;
const TRACE_WAIT_MS = 2_000;

function recorders(ctx: Ctx): Recorders {
  const m = ctx.metrics;
  return {
    requests: m.counter('requests'),
    served: m.counter('served'),
    rejectedAuth: m.counter('rejected.auth'),
    rejectedRate: m.counter('rejected.rate'),
    errors: m.counter('errors'),
    badTokens: m.counter('badTokens'),
    orders: m.counter('orders'),
    latency: Object.fromEntries(
      ROUTES.map((r) => [r, m.histogram(latencyKey(r))]),
    ) as Recorders['latency'],
  };
}

async function startShop(ctx: Ctx): Promise<{ auth: ShopInstance; gateway: ShopInstance }> {
  const p = ctx.params;
  const t0 = performance.now();
  const [[auth], , , , , [gateway]] = await Promise.all([
    ctx.shop.start('auth-service'),
    ctx.shop.start('user-service'),
    ctx.shop.start('product-service', { instances: p.productInstances }),
    ctx.shop.start('notification-service'),
    ctx.shop.start('analytics-service'),
    ctx.shop.start('gateway', {
      env: {
        SHOP_RATE_LIMIT_PER_SEC: String(p.rateLimitPerSec),
        SHOP_RATE_LIMIT_BURST: String(p.rateLimitBurst),
      },
    }),
  ]);
  if (auth === undefined || gateway === undefined) throw new Error('the shop did not start');
  const ms = Math.round(performance.now() - t0);
  ctx.fact('startupMs', ms);
  ctx.event(
    `the shop is up: ${ctx.shop.instances().length} processes ready in ${(ms / 1000).toFixed(1)} s`,
    {
      mark: true,
    },
  );
  return { auth, gateway };
}

function pickRoute(ctx: Ctx): RouteKey {
  const roll = ctx.random.next() * 100;
  if (roll < ctx.params.profilePercent) return 'profile';
  if (roll < ctx.params.profilePercent + ctx.params.orderPercent) return 'order';
  return 'product';
}

function pickBadToken(ctx: Ctx): BadToken | undefined {
  if (ctx.random.next() * 100 >= ctx.params.badTokenPercent) return undefined;
  return ctx.random.next() < 0.5 ? 'missing' : 'forged';
}

const productId = (ctx: Ctx): string => `p${ctx.random.int(PRODUCTS) + 1}`;

export async function runApiGateway(ctx: Ctx): Promise<void> {
  const p = ctx.params;
  ctx.phase('start-up');
  const { auth, gateway } = await startShop(ctx);
  const rec = recorders(ctx);
  const clients = new GatewayClients(gateway.url, rec);
  const stopPolling = new AbortController();
  let polling: Promise<void> = Promise.resolve();
  try {
    const ids = Array.from({ length: p.users + p.greedyUsers }, (_, i) => `u${i + 1}`);
    const sessions = await clients.logIn(auth.url, ids);
    await clients.prepareForgery('u1');
    const good = sessions.slice(0, p.users);
    const greedy = sessions.slice(p.users);
    if (greedy.length > 0) {
      ctx.event(
        `${greedy.map((s) => s.userId).join(', ')} will send ${p.greedyRatePerSec} req/s each: the limit is ${p.rateLimitPerSec}`,
      );
    }

    ctx.onParamsChange((changed) => {
      if (!changed.some((f) => f === 'rateLimitPerSec' || f === 'rateLimitBurst')) return;
      gateway
        .control({
          rateLimitPerSec: ctx.params.rateLimitPerSec,
          rateLimitBurst: ctx.params.rateLimitBurst,
        })
        .catch((error: Error) =>
          ctx.event(`the gateway refused the new limit: ${error.message}`, 'warn'),
        );
    });

    const spans = ctx.metrics.gauge('spans');
    polling = poll(() => spans.set(ctx.shop.traces()?.received ?? 0), 250, stopPolling.signal);
    narrateFirsts(ctx, rec);

    ctx.phase('load');
    const normal = ctx.pacer(() => ctx.params.requestsPerSec);
    const workers: Promise<void>[] = [];
    for (let w = 0; w < WORKERS; w++) {
      workers.push(
        (async () => {
          while (await normal.wait()) {
            const session = good[ctx.random.int(good.length)] as Session;
            const route = pickRoute(ctx);
            await clients.send(route, session, productId(ctx), pickBadToken(ctx));
          }
        })(),
      );
    }
    for (const session of greedy) {
      const pacer = ctx.pacer(() => ctx.params.greedyRatePerSec);
      for (let w = 0; w < GREEDY_WORKERS; w++) {
        workers.push(
          (async () => {
            while (await pacer.wait()) await clients.send('product', session, productId(ctx));
          })(),
        );
      }
    }
    await Promise.all(workers);
    await finalCount(ctx, gateway, clients);
  } finally {
    stopPolling.abort();
    await polling;
    await clients.close();
  }
}

function narrateFirsts(ctx: Ctx, rec: Recorders): void {
  let auth = false;
  let rate = false;
  const timer = setInterval(() => {
    if (!auth && rec.rejectedAuth.total > 0) {
      auth = true;
      ctx.event('first 401: a request without a valid token stopped at the edge');
    }
    if (!rate && rec.rejectedRate.total > 0) {
      rate = true;
      ctx.event('first 429: a user ran out of tokens in its bucket', { mark: true });
    }
    if ((auth && rate) || ctx.signal.aborted) clearInterval(timer);
  }, 250);
}

async function finalCount(ctx: Ctx, gateway: ShopInstance, clients: GatewayClients): Promise<void> {
  const metrics = await gateway.metrics();
  ctx.fact('gatewayRateRejected', metrics.value('shop_gateway_rejected_total', { reason: 'rate' }));
  ctx.fact('gatewayAuthRejected', metrics.value('shop_gateway_rejected_total', { reason: 'auth' }));
  const apiRequests = metrics.samples
    .filter(
      (s) => s.name === 'http_server_requests_total' && (s.labels.route ?? '').startsWith('/api/'),
    )
    .reduce((sum, s) => sum + s.value, 0);
  ctx.fact('gatewayApiRequests', apiRequests);

  const redis = await ctx.brokers.redis();
  const ordersKey = `${ctx.shop.names.keyPrefix}orders`;
  const ids = [...clients.ledger.orderIds];
  ctx.fact('storeOrders', await redis.scard(ordersKey));
  const present = ids.length === 0 ? [] : await redis.smismember(ordersKey, ...ids);
  ctx.fact('clientOrdersMissingFromStore', present.filter((p) => p === 0).length);
  ctx.fact('clientOrders', ids.length);

  // The consumers catch up after the load: what each counted of order-placed, once both reach
  // the clients' count or the drain's time is up.
  const notifier = ctx.shop.instances('notification-service');
  const analytics = ctx.shop.instances('analytics-service');
  let notified = 0;
  let analysed = 0;
  await waitFor(
    async () => {
      notified = await sumOf(notifier, 'shop_notifications_sent_total');
      analysed = await sumOf(analytics, 'shop_analytics_events_total', { type: 'order-placed' });
      return notified >= ids.length && analysed >= ids.length;
    },
    { withinMs: DRAIN_MS, everyMs: 200 },
  );
  ctx.fact('notified', notified);
  ctx.fact('analyticsOrders', analysed);

  if (ids.length === 0) return;
  const traces = ctx.shop.traces();
  let best: ReturnType<typeof bestOrderTrace>;
  await waitFor(
    () => {
      best = traces === undefined ? undefined : bestOrderTrace(traces);
      return best !== undefined && HOPS.every((h) => best?.hops[h]);
    },
    { withinMs: TRACE_WAIT_MS, everyMs: 200 },
  );
  if (best === undefined) return;
  ctx.fact('orderTraceId', best.traceId);
  ctx.fact('orderTraceSpans', best.spans);
  for (const hop of HOPS) ctx.fact(`orderTrace.${hop}`, best.hops[hop]);
}

async function sumOf(
  instances: ShopInstance[],
  name: string,
  labels?: Record<string, string>,
): Promise<number> {
  const values = await Promise.all(
    instances.map(async (i) => (await i.metrics()).value(name, labels)),
  );
  return values.reduce((a, b) => a + b, 0);
}
