import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import { FailureLatch, fmt, plural, poll, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  RecordSender,
  createTopic,
  firstDifference,
  newProducer,
  offsetsAtTime,
  readLogEnds,
  readTopic,
  tallyDigest,
} from '../src/sdk/kafka/index.ts';
import type { Tally } from '../src/sdk/kafka/index.ts';
import { accountId, applyEvent, decodeEvent, encodeEvent, totals } from './events.ts';
import type { AccountEvent } from './events.ts';
import { factKeys, sides } from './facts.ts';
import { Ledger } from './ledger.ts';
import type { EventSourcingParams } from './params.ts';
import { BalanceView } from './view.ts';

const POLL_MS = 250;
// The bank waits for Kafka rather than queue without bound.
const MAX_BACKLOG = 5000;
// Final phase: last sends, the view catching up, then two fresh reads side by side.
const SENDER_FINISH_MS = 1000;
const VIEW_CATCH_UP_MS = 3000;
const FINAL_READ_MS = 4000;
// A rebuild under way when the load stops is cut short; the final phase then waits for it.
const REBUILD_WITHIN_MS = 30_000;

export async function runEventSourcing(ctx: RunContext<EventSourcingParams>): Promise<void> {
  const { partitions } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const kafka = ctx.brokers.kafka();
  const topic = ctx.names.topic('account-events');

  const written = ctx.metrics.counter('events');
  const applied = ctx.metrics.counter('applied');
  const replayed = ctx.metrics.counter('replayed');
  const rejected = ctx.metrics.counter('rejected');
  const rebuilds = ctx.metrics.counter('rebuilds');
  const viewBalance = ctx.metrics.gauge('viewBalance');
  const ledgerBalance = ctx.metrics.gauge('ledgerBalance');
  const logEvents = ctx.metrics.gauge('logEvents');
  const viewBehind = ctx.metrics.gauge('viewBehind');
  const rebuildMs = ctx.metrics.gauge('rebuildMs');
  const replayRate = ctx.metrics.gauge('replayRate');

  const ledger = new Ledger();
  // What the bank has decided, acknowledged or not: a withdrawal is judged against it, so two in
  // flight can never overdraw an account.
  const decided = new Map<string, number>();
  let generation = 0;
  let view: BalanceView | undefined;
  let asOfReads = 0;

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();
  let rebuilding: Promise<void> | undefined;
  // Set when the run leaves its script, however it leaves, so the rebuild loop stops with it.
  let ended = false;

  const newView = (): BalanceView =>
    new BalanceView({
      kafka,
      topic,
      groupId: ctx.resources.group(ctx.names.group(`balances-${++generation}`)),
      partitions,
      onApplied: (replay) => {
        applied.inc();
        if (replay) replayed.inc();
      },
      onError,
    });

  try {
    admin = kafka.admin();
    await admin.connect();
    const readAdmin = admin;
    ctx.resources.topic(topic);
    await createTopic(admin, topic, partitions);

    producer = newProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sender = new RecordSender<AccountEvent>({
      producer,
      topic,
      partitions,
      onAcked: (records) => {
        for (const r of records) ledger.acknowledged(r.meta, r.timestamp);
        written.inc(records.length);
      },
      onError,
    });

    view = newView();
    await view.start([]);
    ctx.event(
      `the bank writes account events to a topic of ${plural(partitions, 'partition')}, keyed by account; a consumer folds them into the balance view`,
    );

    let ends: number[] = [];
    poller = poll(
      async () => {
        ends = await readLogEnds(readAdmin, topic);
        logEvents.set(ends.reduce((a, b) => a + b, 0));
        viewBehind.set(view === undefined ? logEvents.value : view.behind(ends));
        viewBalance.set(view === undefined ? 0 : totals(view.balances).balance);
        ledgerBalance.set(totals(ledger.current).balance);
      },
      POLL_MS,
      polling.signal,
      { onError: () => undefined },
    );

    /** Builds the balances as they stood at `timestamp` and holds them against the ledger then. */
    const readAsOf = async (
      timestamp: number,
    ): Promise<{ view: Tally; ledger: Tally | undefined; complete: boolean; until: number[] }> => {
      const until = await offsetsAtTime(readAdmin, topic, timestamp);
      const past: Tally = new Map();
      const read = await readTopic({
        kafka,
        admin: readAdmin,
        topic,
        groupId: ctx.resources.group(ctx.names.group(`as-of-${++asOfReads}`)),
        until,
        withinMs: FINAL_READ_MS,
        onRecord: ({ message }) => {
          const event = decodeEvent(message.value);
          if (event !== undefined) applyEvent(past, event);
        },
      });
      return { view: past, ledger: ledger.asOf(timestamp), complete: read.complete, until };
    };

    const rebuild = async (): Promise<void> => {
      const n = rebuilds.total + 1;
      const old = view;
      view = undefined;
      viewBalance.set(0);
      const target = await readLogEnds(readAdmin, topic);
      const size = target.reduce((a, b) => a + b, 0);
      ctx.event(
        `rebuild ${n}: the balance view is dropped; a new consumer group replays ${plural(size, 'event')} from offset 0`,
        { mark: true },
      );
      const started = performance.now();
      const before = replayed.total;
      await old?.stop();
      const fresh = newView();
      view = fresh;
      await fresh.start(target);
      const caughtUp = await waitFor(() => fresh.reached(target), {
        withinMs: REBUILD_WITHIN_MS,
        signal: ctx.signal,
      });
      if (!caughtUp) return;
      const ms = performance.now() - started;
      const count = replayed.total - before;
      rebuilds.inc();
      rebuildMs.set(Math.round(ms));
      replayRate.set(Math.round(count / (ms / 1000)));
      const { accounts, balance } = totals(fresh.balances);
      ctx.event(
        `rebuild ${n} done in ${fmt(Math.round(ms))} ms: ${plural(count, 'event')} replayed (${fmt(Math.round(count / (ms / 1000)))} events/s); the view holds ${plural(accounts, 'account')}, total ${fmt(balance)}, and follows the log live again`,
      );
      const back = ctx.params.asOfSecAgo;
      if (back > 0) {
        const at = Date.now() - back * 1000;
        const past = await readAsOf(at);
        const then = past.ledger === undefined ? undefined : totals(past.ledger);
        const rebuilt = totals(past.view);
        const same =
          past.ledger !== undefined && tallyDigest(past.view) === tallyDigest(past.ledger);
        ctx.event(
          `as of ${back} s ago: offsets [${past.until.join(', ')}] found by timestamp; replayed to them the balances total ${fmt(rebuilt.balance)} over ${plural(rebuilt.accounts, 'account')}; the bank's ledger then: ${then === undefined ? 'too far back' : `${fmt(then.balance)}${same ? ', account by account the same' : ', different'}`}`,
        );
      }
    };

    // Rebuilds on the live schedule, one at a time, beside the load.
    rebuilding = (async () => {
      let last = performance.now();
      while (!ctx.signal.aborted && !ended) {
        await ctx.sleep(100);
        const every = ctx.params.rebuildEverySec;
        if (every <= 0 || ctx.signal.aborted) {
          last = performance.now();
          continue;
        }
        if (performance.now() - last >= every * 1000) {
          await rebuild();
          last = performance.now();
        }
      }
    })().catch(onError);

    // The command side: pick an account, decide, write the event.
    const pacer = ctx.pacer(() => ctx.params.eventsPerSec);
    while (await Promise.race([pacer.wait(), failure.failed])) {
      const account = accountId(ctx.random.int(ctx.params.accounts));
      const balance = decided.get(account);
      let event: AccountEvent;
      if (balance === undefined) {
        event = { type: 'opened', account };
        decided.set(account, 0);
      } else if (ctx.random.next() < 0.6) {
        event = { type: 'deposited', account, amount: 1 + ctx.random.int(100) };
        decided.set(account, balance + event.amount);
      } else {
        const amount = 1 + ctx.random.int(100);
        if (amount > balance) {
          rejected.inc();
          continue;
        }
        event = { type: 'withdrawn', account, amount };
        decided.set(account, balance - amount);
      }
      sender.send({ key: account, value: encodeEvent(event), timestamp: Date.now(), meta: event });
      if (sender.backlog >= MAX_BACKLOG) await Promise.race([sender.idle(), failure.failed]);
    }
    failure.check();
    const stoppedAt = Date.now();

    // Final phase: the last events, the live view catching up, then fresh reads of the log.
    await rebuilding;
    await sender.finish(SENDER_FINISH_MS);
    failure.check();
    const final = await readLogEnds(readAdmin, topic);
    const live = view ?? newView();
    if (view === undefined) await live.start(final);
    view = live;
    const liveReachedEnd = await waitFor(() => live.reached(final), { withinMs: VIEW_CATCH_UP_MS });
    await live.stop();
    polling.abort();
    await poller;

    const rebuilt: Tally = new Map();
    const back = ctx.params.asOfSecAgo;
    const [replay, past] = await withDeadline(
      Promise.all([
        readTopic({
          kafka,
          admin: readAdmin,
          topic,
          groupId: ctx.resources.group(ctx.names.group('replay-final')),
          until: final,
          withinMs: FINAL_READ_MS,
          onRecord: ({ message }) => {
            const event = decodeEvent(message.value);
            if (event !== undefined) applyEvent(rebuilt, event);
          },
        }),
        back > 0 ? readAsOf(stoppedAt - back * 1000) : Promise.resolve(undefined),
      ]),
      FINAL_READ_MS + 1500,
      'final reads of the log',
    );

    logEvents.set(final.reduce((a, b) => a + b, 0));
    viewBehind.set(live.behind(final));
    viewBalance.set(totals(live.balances).balance);
    ledgerBalance.set(totals(ledger.current).balance);
    for (let n = 0; n < partitions; n++) {
      ctx.fact(factKeys.acked(n), sender.ackedByPartition[n] ?? 0);
      ctx.fact(factKeys.logEnd(n), final[n] ?? 0);
    }
    const describe = (side: (typeof sides)[keyof typeof sides], tally: Tally): void => {
      const t = totals(tally);
      let events = 0;
      for (const [key, count] of tally) if (key.endsWith('.events')) events += count;
      ctx.fact(side.digest, tallyDigest(tally));
      ctx.fact(side.balance, t.balance);
      ctx.fact(side.accounts, t.accounts);
      ctx.fact(side.events, events);
    };
    describe(sides.ledger, ledger.current);
    describe(sides.live, live.balances);
    describe(sides.rebuilt, rebuilt);
    ctx.fact('generations', generation);
    ctx.fact('liveReachedEnd', liveReachedEnd);
    ctx.fact('rebuiltComplete', replay.complete);
    const difference = (key: string, a: Tally, b: Tally, names: [string, string]): void => {
      const d = firstDifference(a, b, names);
      if (d !== undefined) ctx.fact(key, d);
    };
    difference('difference.rebuiltLedger', rebuilt, ledger.current, ['replay', 'ledger']);
    difference('difference.liveRebuilt', live.balances, rebuilt, ['live', 'replay']);
    if (past !== undefined) {
      describe(sides.asOfView, past.view);
      describe(sides.asOfLedger, past.ledger ?? new Map());
      ctx.fact('asOfComplete', past.complete && past.ledger !== undefined);
      difference('difference.asOf', past.view, past.ledger ?? new Map(), ['as-of view', 'ledger']);
    }
    const { accounts, balance } = totals(rebuilt);
    ctx.event(
      `final replay of ${plural(replay.records, 'event')} from offset 0 in ${fmt(Math.round(replay.ms))} ms: ${plural(accounts, 'account')}, total ${fmt(balance)}; the bank's ledger: total ${fmt(totals(ledger.current).balance)}; the live view: ${fmt(totals(live.balances).balance)}`,
    );
  } finally {
    ended = true;
    polling.abort();
    await poller;
    await rebuilding;
    await view?.stop();
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}
