import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import type { Gauge } from '../src/sdk/index.ts';
import {
  FailureLatch,
  Throttle,
  fmt,
  plural,
  poll,
  waitFor,
  withDeadline,
} from '../src/sdk/index.ts';
import {
  RecordSender,
  bump,
  createTopic,
  firstDifference,
  newProducer,
  readLogEnds,
  readTopic,
  tallyDigest,
} from '../src/sdk/kafka/index.ts';
import type { Tally } from '../src/sdk/kafka/index.ts';
import { Aggregator } from './aggregator.ts';
import type { WindowResult } from './aggregator.ts';
import { PARTITIONS, ackedKey, logEndKey } from './checks.ts';
import { errorsKey } from './metrics.ts';
import type { LogAggregationParams } from './params.ts';
import { SERVICES, cellKey, cellsOf, windowKey, windowOf } from './records.ts';
import type { Level, LogRecord } from './records.ts';

const TICK_MS = 50;
const MAX_BACKLOG = 5000;
const SENDER_FINISH_MS = 1000;
const CATCH_UP_MS = 3000;
const READ_MS = 4000;

/** Events (not latency sums) in a tally of cells. */
function eventsIn(tally: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const [key, v] of tally) if (!key.endsWith('|latencySum')) n += v;
  return n;
}

export async function runLogAggregation(ctx: RunContext<LogAggregationParams>): Promise<void> {
  const { windowSec, latePolicy } = ctx.params;
  const windowMs = windowSec * 1000;
  const services = SERVICES.slice(0, ctx.params.services);
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const kafka = ctx.brokers.kafka();
  const logsTopic = ctx.names.topic('logs');
  const resultsTopic = ctx.names.topic('window-results');

  const events = ctx.metrics.counter('events');
  const byLevel = {
    info: ctx.metrics.counter('level.info'),
    warn: ctx.metrics.counter('level.warn'),
    error: ctx.metrics.counter('level.error'),
  };
  const errorGauges = new Map<string, Gauge>(
    services.map((s) => [s, ctx.metrics.gauge(errorsKey(s))]),
  );
  const windows = ctx.metrics.counter('windows');
  const late = ctx.metrics.counter('late');
  const corrections = ctx.metrics.counter('corrections');
  const droppedCounter = ctx.metrics.counter('dropped');
  const held = ctx.metrics.gauge('held');
  const watermarkLag = ctx.metrics.gauge('watermarkLagMs');
  const narrate = new Throttle(1000);

  // The services' own tallies, per window, service and cell, of what Kafka acknowledged.
  const tallies: Tally = new Map();
  const windowsTallied = new Set<string>();
  const heldBack: { due: number; record: LogRecord }[] = [];

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let aggregator: Aggregator | undefined;
  const ticking = new AbortController();
  let ticker: Promise<void> = Promise.resolve();

  try {
    admin = kafka.admin();
    await admin.connect();
    const readAdmin = admin;
    ctx.resources.topic(logsTopic);
    ctx.resources.topic(resultsTopic);
    await createTopic(admin, logsTopic, PARTITIONS);
    await createTopic(admin, resultsTopic, PARTITIONS);

    producer = newProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const logs = new RecordSender<LogRecord>({
      producer,
      topic: logsTopic,
      partitions: PARTITIONS,
      onAcked: (records) => {
        for (const { meta } of records) {
          const start = windowOf(meta.t, windowMs);
          windowsTallied.add(String(start));
          for (const [c, n] of cellsOf(meta)) bump(tallies, cellKey(start, meta.service, c), n);
          if (meta.kind === 'log') byLevel[meta.level].inc();
        }
        events.inc(records.length);
      },
      onError,
    });
    const results = new RecordSender<WindowResult>({
      producer,
      topic: resultsTopic,
      partitions: PARTITIONS,
      onAcked: () => undefined,
      onError,
    });

    let stopping = false;
    let lastWindow = Number.NaN;
    aggregator = new Aggregator({
      kafka,
      topic: logsTopic,
      groupId: ctx.resources.group(ctx.names.group('aggregator')),
      partitions: PARTITIONS,
      windowMs,
      graceMs: () => ctx.params.graceMs,
      policy: latePolicy,
      onResult: (result) => {
        results.send({
          key: windowKey(result.windowStart, result.service),
          value: JSON.stringify(result),
          meta: result,
        });
        if (result.correction) {
          corrections.inc();
          return;
        }
        if (stopping) return;
        errorGauges.get(result.service)?.set(result.counts.error ?? 0);
        if (result.windowStart !== lastWindow) {
          lastWindow = result.windowStart;
          windows.inc();
        }
      },
      onLate: (record, windowStart, dropped) => {
        late.inc();
        if (dropped) droppedCounter.inc();
        if (!stopping && narrate.allow('late')) {
          const age = Math.round(Date.now() - record.t);
          ctx.event(
            `an event from ${record.service}, ${fmt(age)} ms old, arrived after its window (${new Date(windowStart).toISOString().slice(11, 19)}) closed: ${dropped ? 'dropped' : 'the window is updated and its result sent again'}`,
          );
        }
      },
      onError,
    });
    await aggregator.start();
    const agg = aggregator;
    ctx.event(
      `${plural(services.length, 'service')} write logs and metrics to one topic; the aggregator counts them in ${windowSec} s tumbling windows by event time, closing a window ${ctx.params.graceMs} ms after it ends (late events: ${latePolicy})`,
    );

    // Held-back events go out when due; the gauges follow the aggregator.
    const flushHeld = (all: boolean): void => {
      const now = Date.now();
      heldBack.sort((a, b) => a.due - b.due);
      while (heldBack.length > 0 && (all || (heldBack[0]?.due ?? Infinity) <= now)) {
        const { record } = heldBack.shift() as { record: LogRecord };
        logs.send({
          key: record.service,
          value: JSON.stringify(record),
          timestamp: record.t,
          meta: record,
        });
      }
      held.set(heldBack.length);
    };
    ticker = poll(
      () => {
        flushHeld(false);
        if (Number.isFinite(agg.watermark))
          watermarkLag.set(Math.round(Date.now() - agg.watermark));
      },
      TICK_MS,
      ticking.signal,
    ).catch(onError);

    let lastFailing = 0;
    const pacer = ctx.pacer(() => ctx.params.eventsPerSec);
    while (await Promise.race([pacer.wait(), failure.failed])) {
      const failing = ctx.params.failingService;
      if (failing !== lastFailing) {
        lastFailing = failing;
        const name = services[failing - 1];
        ctx.event(
          name === undefined
            ? 'every service is healthy again'
            : `${name} starts failing: 40% of its log lines are errors`,
          { mark: true },
        );
      }
      const service = services[ctx.random.int(services.length)] ?? 'api';
      const bad = services[failing - 1] === service;
      const t = Date.now();
      let record: LogRecord;
      if (ctx.random.next() < 0.3) {
        record = {
          service,
          kind: 'metric',
          name: 'latency_ms',
          value: 5 + ctx.random.int(bad ? 400 : 60),
          t,
        };
      } else {
        const roll = ctx.random.next();
        const level: Level =
          roll < (bad ? 0.4 : 0.02) ? 'error' : roll < (bad ? 0.5 : 0.1) ? 'warn' : 'info';
        record = { service, kind: 'log', level, t, msg: `${service} ${level}` };
      }
      if (ctx.random.next() * 100 < ctx.params.latePct) {
        heldBack.push({ due: t + ctx.random.next() * ctx.params.maxDelayMs, record });
      } else {
        logs.send({ key: service, value: JSON.stringify(record), timestamp: t, meta: record });
      }
      if (logs.backlog >= MAX_BACKLOG) await Promise.race([logs.idle(), failure.failed]);
    }
    failure.check();

    // Final phase: the held-back events go out (late), the aggregator reads to the log end, the
    // stream ends (every window closes), and the results are read back from Kafka.
    ticking.abort();
    await ticker;
    flushHeld(true);
    await logs.finish(SENDER_FINISH_MS);
    failure.check();
    const ends = await readLogEnds(readAdmin, logsTopic);
    const caughtUp = await waitFor(() => agg.reached(ends), { withinMs: CATCH_UP_MS });
    stopping = true;
    agg.closeAll();
    await results.finish(SENDER_FINISH_MS);
    await agg.stop();
    failure.check();

    const latest = new Map<string, Record<string, number>>();
    const read = await withDeadline(
      readTopic({
        kafka,
        admin: readAdmin,
        topic: resultsTopic,
        groupId: ctx.resources.group(ctx.names.group('verify')),
        withinMs: READ_MS,
        onRecord: ({ message }) => {
          // One partition per key, in order: the last result for a window and service wins.
          const r = JSON.parse(String(message.value)) as WindowResult;
          latest.set(windowKey(r.windowStart, r.service), r.counts);
        },
      }),
      READ_MS + 1000,
      'read of the window results',
    );
    const found: Tally = new Map();
    for (const [key, counts] of latest) {
      for (const [c, n] of Object.entries(counts)) bump(found, `${key}|${c}`, n);
    }
    const withDropped: Tally = new Map(found);
    for (const [key, n] of agg.dropped) bump(withDropped, key, n);

    for (let n = 0; n < PARTITIONS; n++) {
      ctx.fact(ackedKey(n), logs.ackedByPartition[n] ?? 0);
      ctx.fact(logEndKey(n), ends[n] ?? 0);
    }
    ctx.fact('aggregatorConsumed', agg.consumed);
    ctx.fact('aggregatorCaughtUp', caughtUp);
    ctx.fact('tally.digest', tallyDigest(tallies));
    ctx.fact('tally.events', eventsIn(tallies));
    ctx.fact('tally.windows', windowsTallied.size);
    ctx.fact('results.digest', tallyDigest(withDropped));
    ctx.fact('results.events', eventsIn(found));
    ctx.fact('results.records', read.records);
    ctx.fact('resultsComplete', read.complete);
    ctx.fact('dropped.events', eventsIn(agg.dropped));
    const diff = firstDifference(withDropped, tallies, ['results', 'services']);
    if (diff !== undefined) ctx.fact('difference', diff);
    ctx.event(
      `results read back: ${plural(latest.size, 'window result')} (${plural(read.records, 'record')}, corrections included) count ${fmt(eventsIn(found))} events; the services tallied ${fmt(eventsIn(tallies))}${latePolicy === 'drop' ? `, ${fmt(eventsIn(agg.dropped))} dropped as late` : ''}`,
    );
  } finally {
    ticking.abort();
    await ticker;
    await aggregator?.stop();
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}
