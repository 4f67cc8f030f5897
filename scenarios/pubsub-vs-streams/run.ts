// The run: one publisher sends every event both ways; a subscriber listens on the channel and
// a consumer group reads the stream. On schedules a learner can change live, the subscriber
// goes away for a while and a consumer crashes mid-batch. At the end the group drains, and
// Redis is asked what it added, what is still pending and what the subscribers were sent.
import { setTimeout as delay } from 'node:timers/promises';
import type { RunContext } from '../src/sdk/contract.ts';
import { FailureLatch } from '../src/sdk/failure-latch.ts';
import { fmt, plural, Throttle } from '../src/sdk/narration.ts';
import { poll, waitFor } from '../src/sdk/poll.ts';
import { openRedisClients } from '../src/sdk/redis/index.ts';
import { readPending, readStreamInfo, readSubscribers } from './broker-facts.ts';
import { slotReceivedKey } from './metrics.ts';
import type { PubsubVsStreamsParams } from './params.ts';
import { DualPublisher } from './publisher.ts';
import { every } from './schedule.ts';
import { CLAIM_MIN_IDLE_MS, StreamWorkers } from './stream-workers.ts';
import { Subscriber } from './subscriber.ts';

type Ctx = RunContext<PubsubVsStreamsParams>;

export const GROUP = 'workers';
const POLL_EVERY_MS = 500;

export async function runPubsubVsStreams(ctx: Ctx): Promise<void> {
  const failure = new FailureLatch();
  const fail = (error: unknown): void => failure.fail(error);
  // Stops the load and the disruptions when the run stops or something broke.
  const load = new AbortController();
  const loadSignal = AbortSignal.any([ctx.signal, load.signal]);
  void failure.failed.then(() => load.abort());

  const m = ctx.metrics;
  const redis = await ctx.brokers.redis();
  // A channel is not a key, but it carries the run's namespace so it is plainly this run's.
  const channel = ctx.names.key('events');
  const stream = ctx.names.key('stream');
  await redis.xgroup('CREATE', stream, GROUP, '$', 'MKSTREAM');

  const publisher = new DualPublisher(redis, channel, stream, {
    published: m.counter('published'),
    lost: m.counter('lost.pubsub'),
  });
  const subscriber = new Subscriber(
    async () => {
      const [connection] = await openRedisClients(ctx.brokers, 1, {
        name: () => ctx.names.key('subscriber'),
      });
      if (connection === undefined) throw new Error('no connection for the subscriber');
      return connection;
    },
    channel,
    { received: m.counter('received.pubsub'), latency: m.histogram('latency.pubsub') },
    (gap) =>
      ctx.event(
        gap === undefined
          ? 'Subscriber back: nothing was published while it was away'
          : `Subscriber back: events #${gap.first}–#${gap.last} (${fmt(gap.last - gap.first + 1)}) were published while it was away and are gone for good; pub/sub keeps nothing. The stream keeps every one for its consumers`,
      ),
    fail,
  );
  await subscriber.connect();

  const claims = new Throttle(1000);
  const workers = new StreamWorkers(
    await openRedisClients(ctx.brokers, ctx.params.consumers, {
      name: (i) => ctx.names.key('consumer', i + 1),
    }),
    stream,
    GROUP,
    {
      received: m.counter('received.stream'),
      perSlot: Array.from({ length: ctx.params.consumers }, (_, i) =>
        m.counter(slotReceivedKey(i + 1)),
      ),
      abandoned: m.counter('abandoned'),
      claimed: m.counter('claimed'),
      latency: m.histogram('latency.stream'),
      up: m.gauge('consumersUp'),
    },
    {
      crashed: (name, held) =>
        ctx.event(
          `${name} crashed holding ${plural(held, 'entry', 'entries')} it never acknowledged; Redis keeps them in its pending list (XPENDING) until another consumer claims them`,
          'warn',
        ),
      restarted: (name, replaced) =>
        ctx.event(`${name} started in place of ${replaced}: a new name with an empty pending list`),
      claimed: (name, count) => {
        if (claims.allow(name))
          ctx.event(
            `${name} claimed ${plural(count, 'entry', 'entries')} idle for over ${CLAIM_MIN_IDLE_MS / 1000} s (XAUTOCLAIM), then processed and acknowledged ${count === 1 ? 'it' : 'them'}`,
          );
      },
    },
    () => ctx.params.workMs,
    fail,
  );
  workers.start();

  ctx.event(
    `Each event is PUBLISHed on ${channel} and XADDed to ${stream}; one subscriber listens on the channel, ${plural(ctx.params.consumers, 'consumer')} share the stream in group "${GROUP}"`,
  );

  const pollStop = new AbortController();
  const pending = m.gauge('pending');
  const subscribers = m.gauge('subscribers');
  const droppedWithConsumers = { count: 0 };
  const polling = poll(
    async () => {
      const startedAt = performance.now();
      const [summary, listening] = await Promise.all([
        readPending(redis, stream, GROUP),
        readSubscribers(redis, channel),
      ]);
      pending.set(summary.count);
      subscribers.set(listening);
      // A crashed consumer stays in the group until removed; remove it once Redis shows its
      // pending list empty, read after it died (an earlier reading may predate its last batch).
      for (const [name, diedAt] of workers.dead) {
        if (diedAt < startedAt && !summary.byConsumer.has(name)) {
          workers.dead.delete(name);
          const dropped = await redis.xgroup('DELCONSUMER', stream, GROUP, name);
          droppedWithConsumers.count += Number(dropped);
          ctx.event(`${name} removed from the group (XGROUP DELCONSUMER): all it held was claimed`);
        }
      }
    },
    POLL_EVERY_MS,
    pollStop.signal,
    { onError: fail },
  );

  const disruptions = [
    every(
      () => ctx.params.disconnectEverySec,
      loadSignal,
      (ms) => ctx.sleep(ms),
      async () => {
        try {
          const awayMs = ctx.params.awaySec * 1000;
          await subscriber.leave();
          ctx.event(
            `Subscriber disconnected for ${ctx.params.awaySec} s: Redis hands each PUBLISH to no one (it replies 0) and keeps nothing`,
            'warn',
          );
          await delay(awayMs, undefined, { signal: loadSignal }).catch(() => undefined);
          if (!loadSignal.aborted) await subscriber.comeBack();
        } catch (error) {
          fail(error);
        }
      },
    ),
    every(
      () => ctx.params.crashConsumerEverySec,
      loadSignal,
      (ms) => ctx.sleep(ms),
      () => workers.crashOne(),
    ),
  ];

  try {
    const pacer = ctx.pacer(() => ctx.params.eventsPerSec);
    while (!loadSignal.aborted && (await pacer.wait())) {
      try {
        await publisher.publish();
      } catch (error) {
        fail(error);
      }
    }
    load.abort();
    await Promise.all(disruptions);
    failure.check();

    // The load has stopped: let the subscriber take what Redis sent it, and the group drain
    // (a batch abandoned just now is claimable once it has been idle CLAIM_MIN_IDLE_MS).
    workers.calm();
    await waitFor(() => !subscriber.online || subscriber.received.size >= publisher.deliveries, {
      withinMs: 1500,
    });
    await waitFor(
      () =>
        failure.error !== undefined ||
        (workers.processed.size >= publisher.published && workers.unacked.size === 0),
      { withinMs: CLAIM_MIN_IDLE_MS + 3000 },
    );
  } finally {
    load.abort();
    await Promise.all(disruptions);
    await workers.stop();
    pollStop.abort();
    await polling;
  }
  failure.check();
  await recordFacts(ctx, { publisher, subscriber, workers, droppedWithConsumers, stream, channel });
}

async function recordFacts(
  ctx: Ctx,
  r: {
    publisher: DualPublisher;
    subscriber: Subscriber;
    workers: StreamWorkers;
    droppedWithConsumers: { count: number };
    stream: string;
    channel: string;
  },
): Promise<void> {
  const redis = await ctx.brokers.redis();
  const { publisher, subscriber, workers } = r;
  const [info, pending] = await Promise.all([
    readStreamInfo(redis, r.stream),
    readPending(redis, r.stream, GROUP),
  ]);
  ctx.metrics.gauge('pending').set(pending.count);
  const published = publisher.published;
  const received = subscriber.received;
  // Events Redis said it gave no one that the subscriber nevertheless received: should be none.
  const unheardReceived = publisher.unheard.size - received.missingFrom(publisher.unheard);

  ctx.fact('published', published);
  ctx.fact('pubsubDeliveries', publisher.deliveries);
  ctx.fact('pubsubUnheard', publisher.unheard.size);
  ctx.fact('pubsubMissed', published - received.size);
  ctx.fact('pubsubUnheardReceived', unheardReceived);
  ctx.fact('streamEntriesAdded', info.entriesAdded);
  ctx.fact('streamLength', info.length);
  ctx.fact('streamPending', pending.count);
  ctx.fact('streamAcked', workers.ackedByRedis);
  ctx.fact('workersProcessed', workers.processed.size);
  ctx.fact('workersDuplicates', workers.duplicates);
  ctx.fact('workersUnacked', workers.unacked.size);
  ctx.fact('abandoned', workers.abandoned);
  ctx.fact('claimed', workers.claimed);
  ctx.fact('pendingDroppedWithConsumers', r.droppedWithConsumers.count);

  ctx.event(
    `At the end: pub/sub delivered ${fmt(received.size)} of ${fmt(published)} events and lost ${fmt(published - received.size)}; the stream's consumers processed ${fmt(workers.processed.size)} of the ${fmt(info.entriesAdded)} entries Redis added, and XPENDING shows ${fmt(pending.count)}`,
  );
}
