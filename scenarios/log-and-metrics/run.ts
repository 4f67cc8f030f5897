// The run: every shop service ships a record per request and its error logs to one Kafka topic;
// the scenario's aggregator turns that stream into per-service error rates and latency, drawn
// next to what the services' own /metrics say. At the end, with the shoppers stopped and the
// shippers drained, the two are compared service by service.
import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { Agent, request } from 'undici';
import type { RunContext } from '../src/sdk/contract.ts';
import { SHOP_SERVICES, Throttle, fmt, plural, poll, waitFor } from '../src/sdk/index.ts';
import type { ShopInstance, ShopMetrics, ShopServiceName } from '../src/sdk/index.ts';
import { createTopic, readLogEnds } from '../src/sdk/kafka/index.ts';
import { LogAggregator, WindowedRatio } from './aggregator.ts';
import { QUANTILES, fact } from './checks.ts';
import type { Quantile } from './checks.ts';
import { ShopperTraffic } from './clients.ts';
import { logInShoppers, seededUsers } from '../src/sdk/shop-login.ts';
import { keys } from './metrics.ts';
import type { FaultyService, LogAndMetricsParams } from './params.ts';
import {
  addBuckets,
  bucketsOf,
  histogramQuantile,
  quantileBucket,
  requestCounts,
} from './prom-histogram.ts';
import type { Buckets } from './prom-histogram.ts';

type Ctx = RunContext<LogAndMetricsParams>;

const PARTITIONS = 3;
const SHOPPERS = 20;
const CONCURRENCY = 16;
const SCRAPE_MS = 1_000;
const RATE_WINDOW_MS = 5_000;
const SETTLE_MS = 3_000;
const CATCH_UP_MS = 3_000;
const DURATION = 'http_server_duration_seconds';

/** One scrape of every instance of a service, added up. */
interface ServiceScrape {
  requests: number;
  errors: number;
  buckets: Buckets;
  /** Log records its shippers hold, not yet acknowledged by Kafka. */
  pending: number;
}

export async function runLogAndMetrics(ctx: Ctx): Promise<void> {
  const { shop } = ctx;
  const kafka = ctx.brokers.kafka();
  const topic = ctx.names.topic('logs');
  const m = ctx.metrics;
  const logs = m.counter('logs');
  const perService = new Map(
    SHOP_SERVICES.map((s) => [
      s,
      {
        requests: m.counter(keys.requests(s)),
        errors: m.counter(keys.errors(s)),
        errorRate: m.gauge(keys.errorRate(s)),
        latency: m.histogram(keys.latency(s)),
        ownRequests: m.gauge(keys.ownRequests(s)),
        ownErrors: m.gauge(keys.ownErrors(s)),
        ownErrorRate: m.gauge(keys.ownErrorRate(s)),
        ownP99: m.gauge(keys.ownP99(s)),
        kafkaWindow: new WindowedRatio(RATE_WINDOW_MS),
        ownWindow: new WindowedRatio(RATE_WINDOW_MS),
      },
    ]),
  );
  const agent = new Agent({ connections: CONCURRENCY * 2 });
  const narrate = new Throttle(2_000);
  const polling = new AbortController();
  const pollers: Promise<void>[] = [];
  let admin: Admin | undefined;
  let aggregator: LogAggregator | undefined;

  try {
    admin = kafka.admin();
    await admin.connect();
    ctx.resources.topic(topic);
    await createTopic(admin, topic, PARTITIONS);

    const agg = new LogAggregator({
      kafka,
      topic,
      groupId: ctx.resources.group(ctx.names.group('aggregator')),
      partitions: PARTITIONS,
      onRecord: (record) => {
        logs.inc();
        const r = perService.get(record.service as ShopServiceName);
        if (r === undefined) return;
        if (record.kind === 'request') {
          r.requests.inc();
          r.latency.record(record.durationMs);
        } else if (record.level === 'error') {
          r.errors.inc();
          if (narrate.allow(`error ${record.service}`)) {
            ctx.event(`from the log stream: ${record.instance} logged an error: ${record.msg}`);
          }
        }
      },
      onError: (error) => ctx.event(`the aggregator stopped: ${(error as Error).message}`, 'warn'),
    });
    aggregator = agg;

    ctx.phase('start-up');
    const env = { SHOP_LOG_TOPIC: topic };
    const startedAt = performance.now();
    const [auth, gateway] = await Promise.all([
      shop.start('auth-service', { env }),
      shop.start('gateway', { env }),
      shop.start('user-service', { env }),
      shop.start('product-service', { instances: 2, env }),
      shop.start('notification-service', { env }),
      shop.start('analytics-service', { env }),
      agg.start(),
    ]);
    const startupMs = performance.now() - startedAt;
    ctx.fact('startupMs', Math.round(startupMs));
    const authUrl = auth[0]?.url;
    const gatewayUrl = gateway[0]?.url;
    if (authUrl === undefined || gatewayUrl === undefined)
      throw new Error('the shop did not start');
    ctx.event(
      `The shop is up in ${fmt(startupMs / 1000)} s; every service ships a record per request and its error logs to ${topic}, and the aggregator reads it`,
    );

    const shoppers = await logInShoppers(authUrl, seededUsers(SHOPPERS), { dispatcher: agent });
    ctx.phase('load');

    let faulty: FaultyService = 'none';
    const applyFaults = async (): Promise<void> => {
      const { faultyService, failRate, delayMs } = ctx.params;
      if (faulty !== 'none' && faulty !== faultyService) {
        await controlAll(shop.instances(faulty), { failRate: 0, delayMs: 0 });
      }
      faulty = faultyService;
      if (faulty === 'none') return;
      await controlAll(shop.instances(faulty), { failRate, delayMs });
      ctx.event(
        `${faulty} now fails ${(failRate * 100).toFixed(0)}% of its requests (503)${delayMs > 0 ? ` and takes ${delayMs} ms longer` : ''}`,
        { mark: true },
      );
    };
    await applyFaults();
    ctx.onParamsChange((changed) => {
      if (changed.some((c) => c === 'faultyService' || c === 'failRate' || c === 'delayMs')) {
        void applyFaults().catch((error: Error) =>
          ctx.event(`/_control failed: ${error.message}`, 'warn'),
        );
      }
    });

    // The services' own view, scraped live; and the error rate the log stream gives.
    pollers.push(
      poll(
        async () => {
          const scrapes = await scrapeAll(shop.instances());
          const now = ctx.elapsedMs();
          for (const [service, r] of perService) {
            const own = scrapes.get(service);
            if (own !== undefined) {
              r.ownRequests.set(own.requests);
              r.ownErrors.set(own.errors);
              const ownRate = r.ownWindow.sample(now, own.errors, own.requests);
              if (ownRate !== undefined) r.ownErrorRate.set(ownRate);
              const p99 = histogramQuantile(own.buckets, 0.99);
              if (p99 !== undefined) r.ownP99.set(p99);
            }
            const t = agg.tallies.of(service);
            const rate = r.kafkaWindow.sample(now, t.errors, t.requests);
            if (rate !== undefined) r.errorRate.set(rate);
          }
        },
        SCRAPE_MS,
        polling.signal,
        {
          onError: (error) =>
            void (
              narrate.allow('scrape') &&
              ctx.event(`a scrape failed: ${(error as Error).message}`, 'warn')
            ),
        },
      ),
    );
    // A dashboard polling the two consumers' /stats: their only HTTP traffic, so they log too.
    // Its parent trace is not sampled, so the run's trace list holds the shoppers' requests.
    pollers.push(
      poll(
        async () => {
          const targets = [
            ...shop.instances('notification-service'),
            ...shop.instances('analytics-service'),
          ];
          await Promise.all(
            targets.map(async (i) => {
              const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
              const res = await request(`${i.url}/stats`, {
                dispatcher: agent,
                headers: { traceparent },
              });
              await res.body.dump();
            }),
          );
        },
        SCRAPE_MS,
        polling.signal,
        { onError: () => undefined },
      ),
    );

    const answers = new Map<number, number>();
    const traffic = new ShopperTraffic({
      agent,
      gatewayUrl,
      shoppers,
      pacer: ctx.pacer(() => ctx.params.requestsPerSec),
      random: ctx.random,
      signal: ctx.signal,
      onAnswer: (status) => answers.set(status, (answers.get(status) ?? 0) + 1),
    });
    await traffic.run(CONCURRENCY);

    // The load has stopped. Stop the dashboard too, let every shipper hand its last records to
    // Kafka, take the services' final counts, and let the aggregator read to the end.
    polling.abort();
    await Promise.all(pollers.splice(0));
    const { scrapes, settled } = await settle(shop.instances());
    const ends = await readLogEnds(admin, topic);
    const caughtUp = await waitFor(() => agg.reached(ends), { withinMs: CATCH_UP_MS });
    await agg.stop();
    const logEnd = ends.reduce((a, b) => a + b, 0);
    ctx.fact('drained', settled && caughtUp);
    ctx.fact('shippersSettled', settled);
    ctx.fact('aggregatorCaughtUp', caughtUp);
    ctx.fact('aggregatorConsumed', agg.tallies.records);
    ctx.fact('logEnd', logEnd);
    ctx.fact('unreadableRecords', agg.tallies.unreadable);
    recordComparison(ctx, agg, scrapes);
    ctx.event(
      `The shoppers got ${[...answers]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${fmt(n)} × ${s === 0 ? 'no answer' : s}`)
        .join(
          ', ',
        )}; the aggregator read ${plural(agg.tallies.records, 'record')} of the ${fmt(logEnd)} in the topic`,
    );
  } finally {
    polling.abort();
    await Promise.all(pollers);
    await aggregator?.stop();
    await admin?.disconnect().catch(() => undefined);
    await agent.close().catch(() => undefined);
  }
}

async function controlAll(instances: ShopInstance[], body: Record<string, number>): Promise<void> {
  await Promise.all(instances.filter((i) => i.running).map((i) => i.control(body)));
}

async function scrapeAll(instances: ShopInstance[]): Promise<Map<ShopServiceName, ServiceScrape>> {
  const scraped = await Promise.all(
    instances.filter((i) => i.running).map(async (i) => [i, await i.metrics()] as const),
  );
  const byService = new Map<ShopServiceName, ServiceScrape>();
  for (const [instance, metrics] of scraped) {
    const own = scrapeOf(metrics);
    const sum = byService.get(instance.service);
    byService.set(
      instance.service,
      sum === undefined
        ? own
        : {
            requests: sum.requests + own.requests,
            errors: sum.errors + own.errors,
            buckets: addBuckets(sum.buckets, own.buckets),
            pending: sum.pending + own.pending,
          },
    );
  }
  return byService;
}

function scrapeOf(metrics: ShopMetrics): ServiceScrape {
  return {
    ...requestCounts(metrics.samples),
    buckets: bucketsOf(metrics.samples, DURATION),
    pending: metrics.value('shop_log_shipper_pending'),
  };
}

/**
 * Scrapes until every shipper has nothing pending and the counts held still between two
 * scrapes (a response's hooks run just after the client has its answer).
 */
async function settle(
  instances: ShopInstance[],
): Promise<{ scrapes: Map<ShopServiceName, ServiceScrape>; settled: boolean }> {
  let previous = '';
  let scrapes = new Map<ShopServiceName, ServiceScrape>();
  const settled = await waitFor(
    async () => {
      scrapes = await scrapeAll(instances);
      const totals = [...scrapes].map(([s, c]) => `${s}:${c.requests}:${c.errors}`).join(',');
      const pending = [...scrapes.values()].reduce((a, c) => a + c.pending, 0);
      const still = totals === previous;
      previous = totals;
      return still && pending === 0;
    },
    { withinMs: SETTLE_MS, everyMs: 150 },
  );
  return { scrapes, settled };
}

function recordComparison(
  ctx: Ctx,
  agg: LogAggregator,
  scrapes: Map<ShopServiceName, ServiceScrape>,
): void {
  const rows: string[] = [];
  for (const s of SHOP_SERVICES) {
    const own = scrapes.get(s);
    if (own === undefined) continue;
    const t = agg.tallies.of(s);
    ctx.fact(fact.kafkaRequests(s), t.requests);
    ctx.fact(fact.kafkaErrors(s), t.errors);
    ctx.fact(fact.metricsRequests(s), own.requests);
    ctx.fact(fact.metricsErrors(s), own.errors);
    for (const q of Object.keys(QUANTILES) as Quantile[]) {
      const v = t.quantile(QUANTILES[q]);
      const bucket = quantileBucket(own.buckets, QUANTILES[q]);
      if (v === undefined || bucket === undefined) continue;
      ctx.fact(fact.kafkaQuantile(q, s), v);
      ctx.fact(fact.bucketLower(q, s), bucket.lowerMs);
      ctx.fact(
        fact.bucketUpper(q, s),
        Number.isFinite(bucket.upperMs) ? bucket.upperMs : Number.MAX_VALUE,
      );
    }
    rows.push(
      `${s} ${fmt(t.requests)}/${fmt(own.requests)} (${fmt(t.errors)}/${fmt(own.errors)} errors)`,
    );
  }
  ctx.event(`Requests (errors) from Kafka / from /metrics: ${rows.join(', ')}`);
}
