// The run: several app instances in this process, each an LRU in front of the shared Redis,
// reads spread over them and writes going through one at a time. An observer judges every L1 hit
// against a fresh read of Redis and times how long each instance keeps an overwritten value.
import { Redis } from 'ioredis';
import type { RunContext } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import { waitFor } from '../src/sdk/poll.ts';
import { createZipf } from '../src/sdk/random.ts';
import { nameConnection } from '../src/sdk/redis/index.ts';
import { AppInstance } from './app-instance.ts';
import type { Invalidation, Level } from './app-instance.ts';
import { DeliveryLedger } from './delivery-ledger.ts';
import { Gate } from './gate.ts';
import { decodeItem, ItemOrigin } from './origin.ts';
import type { NearCacheParams } from './params.ts';
import { StalenessWindows } from './staleness-windows.ts';

type Ctx = RunContext<NearCacheParams>;

const READERS_PER_INSTANCE = 4;
const INVALIDATION_LINK = 'invalidations';
const DELAY_TOXIC = 'invalidation-delay';
/** How long a mode switch or the final count waits for the invalidations still on their way. */
const DELIVERY_WAIT_MS = 3000;
const DRAIN_WAIT_MS = 2000;

/** What the observer tallies beyond the recorders, for the checks. */
interface Tally {
  staleAfterInvalidation: number;
  judgedHitsOnWritten: number;
}

export async function runNearCache(ctx: Ctx): Promise<void> {
  const { instances: count, keys } = ctx.params;
  const m = ctx.metrics;
  const origin = new ItemOrigin(keys, m.counter('misses'));
  const keyPrefix = `${ctx.names.key('item')}:`;
  const keyOf = (id: number): string => `${keyPrefix}${id}`;
  const windows = new StalenessWindows(count, m.histogram('stalenessMs'));
  const invalidations = m.counter('invalidations');
  const subscribers: Redis[] = [];
  const ledger = new DeliveryLedger(count);
  const tally: Tally = { staleAfterInvalidation: 0, judgedHitsOnWritten: 0 };
  // The mode the instances follow: it changes only while the gate holds the load still.
  let mode: Invalidation = ctx.params.invalidation;
  try {
    const main = await ctx.brokers.redis();
    // The invalidation connections get a link of their own, so their delivery can be slowed
    // (invalidationDelayMs) while reads and writes keep their speed.
    const link = await ctx.faults.link(
      INVALIDATION_LINK,
      `${main.options.host}:${main.options.port}`,
    );
    const instances: AppInstance[] = [];
    for (let i = 0; i < count; i++) {
      const data = await ctx.brokers.newRedis();
      await nameConnection(data, ctx.names.key('instance', i + 1));
      const invalidationConnectionName = ctx.names.key('instance', i + 1, 'invalidations');
      const sub = new Redis({
        host: '127.0.0.1',
        port: link.port,
        username: main.options.username,
        password: main.options.password,
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => (times > 3 ? null : 200 * times),
        connectionName: invalidationConnectionName,
      });
      sub.on('error', () => undefined);
      subscribers.push(sub);
      await sub.connect();
      const instance: AppInstance = new AppInstance(
        {
          index: i,
          origin,
          keyOf,
          keyPrefix,
          channel: ctx.names.key('invalidate'),
          invalidationConnectionName,
          l1MaxEntries: ctx.params.l1MaxEntries,
          l1TtlMs: () => ctx.params.l1TtlMs,
          originLatencyMs: () => ctx.params.originLatencyMs,
          invalidation: () => mode,
          hooks: {
            dropped: (id, reason) => windows.dropped(i, id, reason),
            stored: (id, version) => windows.stored(i, id, version),
            delivered: (id, via) => {
              invalidations.inc();
              ledger.received(i, id, via);
            },
            changed: (id, sentAt, kind) => ledger.changed(i, id, sentAt, kind),
          },
          onError: (e) => ctx.event(`instance ${i + 1}: ${String(e)}`, 'warn'),
        },
        data,
        sub,
      );
      await instance.start();
      instances.push(instance);
    }
    ledger.begin(mode);
    await setDelay(ctx);
    ctx.event(
      `${count} instances up, each with an LRU of ${fmt(ctx.params.l1MaxEntries)} entries in front of Redis; invalidation: ${mode}`,
    );

    const gate = new Gate();
    let switching = Promise.resolve();
    let switches = 0;
    ctx.onParamsChange((changed) => {
      if (changed.includes('invalidation')) {
        switching = switching.then(async () => {
          const next = ctx.params.invalidation;
          if (next === mode) return;
          // Hold the load, let the invalidations on their way arrive, then switch: every change
          // is counted under exactly one mode.
          await gate.hold(DRAIN_WAIT_MS);
          await waitFor(() => ledger.settled(), { withinMs: DELIVERY_WAIT_MS });
          ledger.end();
          mode = next;
          try {
            await Promise.all(instances.map((inst) => inst.applyInvalidation()));
          } catch (e) {
            ctx.event(`switching invalidation failed: ${String(e)}`, 'warn');
          }
          ledger.begin(mode);
          switches++;
          gate.open();
          ctx.event(describeMode(mode));
        });
      }
      if (changed.includes('invalidationDelayMs')) {
        setDelay(ctx).catch((e: unknown) =>
          ctx.event(`changing the delay failed: ${String(e)}`, 'warn'),
        );
      }
    });

    const judge = await ctx.brokers.newRedis();
    const choose = chooser(ctx);
    const readPacer = ctx.pacer(() => ctx.params.readsPerSec);
    const recorders = {
      reads: m.counter('reads'),
      l1Hits: m.counter('l1Hits'),
      l2Hits: m.counter('l2Hits'),
      staleReads: m.counter('staleReads'),
      errors: m.counter('errors'),
      latency: {
        l1: m.histogram('latency.l1'),
        l2: m.histogram('latency.l2'),
        miss: m.histogram('latency.miss'),
      } satisfies Record<Level, unknown>,
    };
    // The first stale read under each mode is narrated.
    let staleToldFor: Invalidation | undefined;
    const readers = Array.from({ length: count * READERS_PER_INSTANCE }, async (_, w) => {
      const index = w % count;
      const instance = instances[index] as AppInstance;
      while (await readPacer.wait()) {
        const id = choose();
        await gate.enter();
        try {
          // The judge: what Redis holds just before the read. Asked only when L1 may answer, as
          // L2 and the origin are never older than Redis.
          const raw = instance.l1.has(id) ? await judge.get(keyOf(id)) : null;
          const start = performance.now();
          const { level, item } = await instance.read(id);
          recorders.latency[level].record(performance.now() - start);
          recorders.reads.inc();
          if (level === 'miss') continue;
          (level === 'l1' ? recorders.l1Hits : recorders.l2Hits).inc();
          if (level !== 'l1' || raw === null) continue;
          const inRedis = decodeItem(raw).version;
          if (inRedis > 1) tally.judgedHitsOnWritten++;
          if (item.version >= inRedis) continue;
          recorders.staleReads.inc();
          if (instance.invalidatedAfter(id, item.requestedAt)) tally.staleAfterInvalidation++;
          if (staleToldFor !== mode) {
            staleToldFor = mode;
            tellFirstStale(ctx, mode, index, id, item.version, inRedis);
          }
        } catch {
          recorders.errors.inc();
        } finally {
          gate.leave();
        }
      }
    });

    const writes = m.counter('writes');
    const writer = (async () => {
      const pacer = ctx.pacer(() => ctx.params.writesPerSec);
      let failed = false;
      while (await pacer.wait()) {
        const id = choose();
        const through = ctx.random.int(count);
        await gate.enter();
        try {
          const item = origin.write(id);
          const held = (i: number): number | undefined => instances[i]?.l1.peek(id)?.version;
          windows.writeSent(through, id, item.version, held, mode !== 'off');
          await (instances[through] as AppInstance).write(id, item);
          windows.writeAcked(id, item.version);
          writes.inc();
        } catch (e) {
          if (!failed) ctx.event(`a write failed: ${String(e)}`, 'warn');
          failed = true;
        } finally {
          gate.leave();
        }
      }
    })();

    await Promise.all([...readers, writer, monitor(ctx)]);
    await switching;
    // The load has stopped: wait for the invalidations still on their way, then count.
    await waitFor(() => ledger.settled(), { withinMs: DELIVERY_WAIT_MS });
    ledger.end();
    recordFacts(ctx, ledger, windows, tally, origin, switches);
  } finally {
    for (const sub of subscribers) sub.disconnect();
  }
}

function chooser(ctx: Ctx): () => number {
  const { keys, zipfExponent } = ctx.params;
  if (zipfExponent === 0) return () => 1 + ctx.random.int(keys);
  const rank = createZipf(keys, zipfExponent, ctx.random);
  return () => 1 + rank();
}

async function setDelay(ctx: Ctx): Promise<void> {
  const link = ctx.faults.view().links.find((l) => l.name === INVALIDATION_LINK);
  if (link?.toxics.some((t) => t.name === DELAY_TOXIC)) {
    await ctx.faults.removeToxic(INVALIDATION_LINK, DELAY_TOXIC);
  }
  const latency = ctx.params.invalidationDelayMs;
  if (latency > 0) {
    await ctx.faults.addToxic(INVALIDATION_LINK, {
      type: 'latency',
      name: DELAY_TOXIC,
      attributes: { latency },
    });
  }
}

function describeMode(mode: Invalidation): string {
  switch (mode) {
    case 'tracking':
      return 'Invalidation by Redis tracking (CLIENT TRACKING ON … BCAST on each instance); every L1 emptied for the switch';
    case 'pubsub':
      return 'Invalidation by pub/sub: each write is now PUBLISHed to the others; every L1 emptied for the switch';
    case 'off':
      return 'Invalidation off: every L1 emptied for the switch; from now on an overwritten value stays in the other L1s until evicted or expired';
  }
}

function tellFirstStale(
  ctx: Ctx,
  mode: Invalidation,
  index: number,
  id: number,
  served: number,
  inRedis: number,
): void {
  const then =
    mode === 'off'
      ? `no invalidation will come: it stays until evicted or its L1 TTL (${fmt(ctx.params.l1TtlMs)} ms) runs out`
      : 'its invalidation was still on its way';
  ctx.event(
    `First stale read (${mode}): instance ${index + 1} served item ${id} at version ${served} from its L1 while Redis held version ${inRedis}; ${then}`,
    'warn',
  );
}

async function monitor(ctx: Ctx): Promise<void> {
  const reads = ctx.metrics.counter('reads');
  const l1Hits = ctx.metrics.counter('l1Hits');
  const ratio = ctx.metrics.gauge('l1HitRatio');
  let last = { reads: 0, l1Hits: 0 };
  while (!ctx.signal.aborted) {
    await ctx.sleep(1000);
    const dReads = reads.total - last.reads;
    if (dReads > 0) ratio.set((l1Hits.total - last.l1Hits) / dReads);
    last = { reads: reads.total, l1Hits: l1Hits.total };
  }
}

function recordFacts(
  ctx: Ctx,
  ledger: DeliveryLedger,
  windows: StalenessWindows,
  tally: Tally,
  origin: ItemOrigin,
  switches: number,
): void {
  ledger.delivered.forEach((n, i) => ctx.fact(`delivered.${i + 1}`, n));
  ledger.due.forEach((n, i) => ctx.fact(`due.${i + 1}`, n));
  ledger.unannounced.forEach((n, i) => ctx.fact(`unannounced.${i + 1}`, n));
  ctx.fact('stretchesWithInvalidation', ledger.stretchesOn);
  ctx.fact('invalidationSwitches', switches);
  ctx.fact('staleAfterInvalidation', tally.staleAfterInvalidation);
  ctx.fact('judgedHitsOnWritten', tally.judgedHitsOnWritten);
  for (const kind of ['on', 'off'] as const) {
    const prefix = kind === 'on' ? 'windows' : 'offWindows';
    ctx.fact(`${prefix}OpenAtEnd`, windows.openCount(kind === 'on'));
    ctx.fact(`${prefix}LongestMs`, Math.round(windows.longestMs[kind]));
    for (const [how, n] of Object.entries(windows.endedBy[kind])) {
      ctx.fact(`${prefix}EndedBy.${how}`, n);
    }
  }
  ctx.fact('originLoads', origin.loads);
  const delivered = ledger.delivered.reduce((a, b) => a + b, 0);
  const on = windows.endedBy.on;
  ctx.event(
    `At the end: ${fmt(delivered)} invalidations delivered; staleness windows (invalidation on) ended by invalidation ${on.invalidation}, eviction ${on.evict}, TTL ${on.expire}, refresh ${on.refresh}`,
  );
}
