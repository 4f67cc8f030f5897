// The run: start the shop, let shoppers order through the gateway while product-service crashes
// now and then (and is restarted), switch from dual-write to outbox partway, and count, per mode,
// the orders in the store against the events each consumer received.
import type { Channel } from 'amqplib';
import type { Admin } from 'kafkajs';
import { Agent } from 'undici';
import type { RunContext } from '../src/sdk/contract.ts';
import { Throttle, fmt, plural, poll, withDeadline } from '../src/sdk/index.ts';
import type { ShopInstance } from '../src/sdk/index.ts';
import { readTopic } from '../src/sdk/kafka/index.ts';
import { scanKeys } from '../src/sdk/redis/index.ts';
import { Gate, OrderClients } from './clients.ts';
import { logInShoppers, seededUsers } from '../src/sdk/shop-login.ts';
import { ModeLedger } from './ledger.ts';
import type { Reading } from './ledger.ts';
import type { EventDrivenOrderParams, OrderMode } from './params.ts';
import { Pipeline } from './pipeline.ts';
import type { PipelineKeys } from './pipeline.ts';
import { CrashWatchdog } from './watchdog.ts';

type Ctx = RunContext<EventDrivenOrderParams>;

const SHOPPERS = 10;
const PRODUCTS = 100;
const CONCURRENCY = 16;
const POLL_MS = 500;
/** A crashed instance leaves the gateway's registry within this long (heartbeat every third). */
const REGISTRY_TTL_MS = 1_500;
const SWITCH_DRAIN_MS = 4_000;
const FINAL_DRAIN_MS = 4_500;
const READ_MS = 2_000;

export async function runEventDrivenOrder(ctx: Ctx): Promise<void> {
  const { shop } = ctx;
  const p = shop.names.keyPrefix;
  const keys: PipelineKeys = {
    orders: `${p}orders`,
    notified: `${p}notified`,
    outbox: `${p}outbox`,
    settings: `${p}order-settings`,
  };
  const redis = await ctx.brokers.redis();
  let mode: OrderMode = ctx.params.mode;
  // Written before product-service starts: every instance, restarted ones too, reads it per order.
  await redis.hset(keys.settings, { mode, crashRate: String(ctx.params.crashRate) });

  const m = ctx.metrics;
  const gauges = {
    orders: m.gauge('orders'),
    notified: m.gauge('notified'),
    analytics: m.gauge('analytics'),
    lost: m.gauge('lost'),
    lostAnalytics: m.gauge('lostAnalytics'),
    events: m.gauge('events'),
    outboxDepth: m.gauge('outboxDepth'),
    instancesUp: m.gauge('instancesUp'),
  };
  const crashes = m.counter('crashes');
  const agent = new Agent({ connections: CONCURRENCY * 2 });
  const narrate = new Throttle(2_000);
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();
  let admin: Admin | undefined;
  let watchdog: CrashWatchdog | undefined;
  let switchTimer: NodeJS.Timeout | undefined;

  try {
    ctx.phase('start-up');
    const startedAt = performance.now();
    const [auth, gateway, analytics] = await Promise.all([
      shop.start('auth-service'),
      shop.start('gateway'),
      shop.start('analytics-service'),
      shop.start('user-service'),
      shop.start('notification-service'),
      shop.start('product-service', {
        instances: ctx.params.instances,
        env: { SHOP_ORDER_MODE: 'outbox', SHOP_REGISTRY_TTL_MS: String(REGISTRY_TTL_MS) },
      }),
    ]);
    const startupMs = performance.now() - startedAt;
    ctx.fact('startupMs', Math.round(startupMs));
    ctx.event(
      `The shop is up in ${fmt(startupMs / 1000)} s: gateway, auth-service, user-service, ${plural(ctx.params.instances, 'product-service instance')}, notification-service, analytics-service`,
    );

    admin = ctx.brokers.kafka().admin();
    await admin.connect();
    const channel: Channel = await (await ctx.brokers.amqp()).createChannel();
    const first = <T>(list: T[], what: string): T => {
      const item = list[0];
      if (item === undefined) throw new Error(`${what} did not start`);
      return item;
    };
    const authUrl = first(auth, 'auth-service').url;
    const gatewayUrl = first(gateway, 'gateway').url;
    const analyticsInstance = first(analytics, 'analytics-service');
    const pipeline = new Pipeline({
      redis,
      keys,
      agent,
      analytics: () => analyticsInstance,
      channel,
      queue: shop.names.notificationsQueue,
      admin,
      topic: shop.names.activityTopic,
    });

    // No crash while an instance restarts, so the others keep serving: the rate product-service
    // reads is 0 until every crashed instance is back.
    const applyCrashRate = async (): Promise<void> => {
      const holdOff = watchdog !== undefined && watchdog.restartsInProgress > 0;
      await redis.hset(keys.settings, 'crashRate', String(holdOff ? 0 : ctx.params.crashRate));
    };
    const dog = new CrashWatchdog({
      instances: () => shop.instances('product-service'),
      onCrash: (instance) => {
        crashes.inc();
        void applyCrashRate();
        ctx.event(
          `${instance.name} died (it killed itself right after writing an order); restarting it`,
          { level: 'warn', mark: true },
        );
      },
      onRestarted: (instance, ms) => {
        void applyCrashRate();
        ctx.event(`${instance.name} is back after ${fmt(ms / 1000)} s`);
      },
      onRestartFailed: (instance, error) =>
        ctx.event(`${instance.name} did not restart: ${(error as Error).message}`, 'warn'),
      stoppedByPanel: (instance) => stoppedFromPanel(ctx, instance),
    });
    watchdog = dog;
    dog.start();

    const readGauges = async (): Promise<void> => {
      const [reading, events, outbox] = await Promise.all([
        pipeline.reading(dog.crashes),
        pipeline.topicRecords(),
        pipeline.outboxDepth(),
      ]);
      gauges.orders.set(reading.orders);
      gauges.notified.set(reading.notified);
      gauges.analytics.set(reading.analytics);
      gauges.lost.set(reading.orders - reading.notified);
      gauges.lostAnalytics.set(reading.orders - reading.analytics);
      gauges.events.set(events);
      gauges.outboxDepth.set(outbox);
      gauges.instancesUp.set(dog.up);
    };
    poller = poll(readGauges, POLL_MS, polling.signal, {
      onError: (error) => {
        if (narrate.allow('poll'))
          ctx.event(`a reading failed: ${(error as Error).message}`, 'warn');
      },
    });

    const shoppers = await logInShoppers(authUrl, seededUsers(SHOPPERS), { dispatcher: agent });
    const gate = new Gate();
    const clients = new OrderClients({
      agent,
      gatewayUrl,
      shoppers,
      products: PRODUCTS,
      pacer: ctx.pacer(() => ctx.params.ordersPerSec),
      gate,
      signal: ctx.signal,
      recorders: {
        placed: m.counter('placed'),
        failed: m.counter('failed'),
        latency: m.histogram('latency'),
      },
      onFailure: (kind) => {
        if (narrate.allow(`failure ${kind}`)) {
          ctx.event(`an order failed at the shopper: ${kind}`, 'warn');
        }
      },
    });

    const ledger = new ModeLedger(mode, await pipeline.reading(dog.crashes));
    ctx.phase(mode);
    ctx.event(describeMode(mode, ctx.params.crashRate));

    // A change of mode: hold the shoppers, let what is on its way arrive, count the stretch.
    const switchTo = async (next: OrderMode): Promise<void> => {
      if (next === mode || ctx.signal.aborted) return;
      gate.close();
      ctx.phase('switching');
      const drained = await pipeline.drain(() => clients.inFlight, SWITCH_DRAIN_MS);
      const at = await pipeline.reading(dog.crashes);
      narrateStretch(ctx, mode, ledger, at, drained);
      ledger.close(at, drained, next);
      mode = next;
      await redis.hset(keys.settings, 'mode', mode);
      ctx.phase(mode);
      ctx.event(describeMode(mode, ctx.params.crashRate), { mark: true });
      gate.open();
    };
    let switching: Promise<void> = Promise.resolve();
    const requestSwitch = (next: OrderMode): void => {
      switching = switching.then(() => switchTo(next));
    };
    ctx.onParamsChange((changed) => {
      if (changed.includes('mode')) requestSwitch(ctx.params.mode);
      if (changed.includes('crashRate')) void applyCrashRate();
    });
    if (ctx.params.outboxAtSec > 0) {
      switchTimer = setTimeout(() => requestSwitch('outbox'), ctx.params.outboxAtSec * 1000);
    }

    await clients.run(CONCURRENCY);
    clearTimeout(switchTimer);
    await switching;

    // The load has stopped: let the last events arrive (restarted instances included), count.
    const drained = await pipeline.drain(() => clients.inFlight, FINAL_DRAIN_MS);
    const end = await pipeline.reading(dog.crashes);
    narrateStretch(ctx, mode, ledger, end, drained);
    ledger.close(end, drained);
    await readGauges().catch(() => undefined);
    for (const [key, value] of Object.entries(ledger.facts())) ctx.fact(key, value);
    ctx.fact('crashes', dog.crashes);
    ctx.fact('drained', drained);
    await recordFreshReads(ctx, keys, end);
  } finally {
    clearTimeout(switchTimer);
    polling.abort();
    await poller;
    await watchdog?.stop();
    await admin?.disconnect().catch(() => undefined);
    await agent.close().catch(() => undefined);
  }
}

function describeMode(mode: OrderMode, crashRate: number): string {
  const crash =
    crashRate > 0
      ? `; an order crashes its instance right after the write with probability ${crashRate} (none while one restarts)`
      : '';
  return mode === 'dual-write'
    ? `dual-write: each order is written to Redis, then published to RabbitMQ and Kafka from the request${crash}`
    : `outbox: each order and its outbox entry are written in one MULTI/EXEC; a relay in every instance publishes the entry, then deletes it${crash}`;
}

function narrateStretch(
  ctx: Ctx,
  mode: OrderMode,
  ledger: ModeLedger,
  at: Reading,
  drained: boolean,
): void {
  const s = ledger.stretchAt(at);
  if (s === undefined) return;
  const lost = Math.max(s.orders - s.notified, s.orders - s.analytics);
  ctx.event(
    `${mode}: ${plural(s.orders, 'order')} written, ${fmt(s.notified)} notified, ${fmt(s.analytics)} in analytics, ${plural(s.crashes, 'crash', 'crashes')}: ${lost === 0 ? 'no event lost' : `${plural(lost, 'event')} lost`}${drained ? '' : ' (some events were still on their way)'}`,
    { level: lost > 0 ? 'warn' : 'info', mark: true },
  );
}

/** The final, independent reads the checks hold the ledger against. */
async function recordFreshReads(ctx: Ctx, keys: PipelineKeys, end: Reading): Promise<void> {
  const redis = await ctx.brokers.redis();
  const scanned = await scanKeys(redis, `${ctx.shop.names.keyPrefix}order:`, { budgetMs: 1_000 });
  ctx.fact('storeScanned', scanned.keys.length);
  ctx.fact('storeScanComplete', scanned.complete);
  ctx.fact('notifiedDistinct', end.notified);
  ctx.fact('analyticsDistinct', end.analytics);
  ctx.fact('notifiedNotInStore', (await redis.sdiff(keys.notified, keys.orders)).length);

  const ids = new Set<string>();
  let records = 0;
  const kafka = ctx.brokers.kafka();
  const admin = kafka.admin();
  await admin.connect();
  try {
    const read = await withDeadline(
      readTopic({
        kafka,
        admin,
        topic: ctx.shop.names.activityTopic,
        groupId: ctx.resources.group(ctx.names.group('verify')),
        withinMs: READ_MS,
        onRecord: ({ message }) => {
          const event = JSON.parse(String(message.value)) as { type?: string; orderId?: string };
          if (event.type !== 'order-placed' || typeof event.orderId !== 'string') return;
          records++;
          ids.add(event.orderId);
        },
      }),
      READ_MS + 1_000,
      'read of the activity topic',
    );
    ctx.fact('topicComplete', read.complete);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  ctx.fact('topicOrderIds', ids.size);
  ctx.fact('topicOrderRecords', records);
  const list = [...ids];
  const member = list.length === 0 ? [] : await redis.smismember(keys.orders, ...list);
  ctx.fact('topicNotInStore', member.filter((m) => m === 0).length);
  ctx.event(
    `At the end: ${fmt(end.orders)} orders in the store (a SCAN finds ${fmt(scanned.keys.length)}), ${fmt(end.notified)} notified, ${fmt(ids.size)} distinct orders in the activity topic (${plural(records, 'record')}), ${fmt(end.analytics)} counted by analytics-service`,
  );
}

/** The learner stopped or killed it from the fault panel: not a crash of the lesson's. */
function stoppedFromPanel(ctx: Ctx, instance: ShopInstance): boolean {
  const node = ctx.faults.view().nodes.find((n) => n.name === instance.name);
  return node !== undefined && (node.state === 'killed' || node.state === 'stopped');
}
