// A producer writes into a one-partition topic with tiny time-rolled segments and a short
// retention; a consumer reads at its own pace. When retention deletes the segments the consumer
// has not reached, its next fetch is out of range and auto.offset.reset decides where it lands.
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import {
  FailureLatch,
  Throttle,
  fmt,
  plural,
  poll,
  waitFor,
  withDeadline,
} from '../src/sdk/index.ts';
import { PacedProducer, createTopic, newProducer, withRetries } from '../src/sdk/kafka/index.ts';
import { MAX_JUMPS_RECORDED, jumpFact } from './facts.ts';
import type { RetentionParams } from './params.ts';

const POLL_MS = 250;
const SESSION_TIMEOUT_MS = 10_000;
const JOIN_WITHIN_MS = 8000;
const FINISH_MS = 1500;

interface Offsets {
  logStart: number;
  logEnd: number;
}

export async function runRetention(ctx: RunContext<RetentionParams>): Promise<void> {
  const { segmentMs, retentionMs, retentionBytes, reset } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const kafka = ctx.brokers.kafka();
  const topic = ctx.names.topic('log');
  const groupId = ctx.names.group('reader');
  const produced = ctx.metrics.counter('produced');
  const consumed = ctx.metrics.counter('consumed');
  const skipped = ctx.metrics.counter('skipped');
  const logStartGauge = ctx.metrics.gauge('logStartOffset');
  const logEndGauge = ctx.metrics.gauge('logEndOffset');
  const positionGauge = ctx.metrics.gauge('position');

  // What the broker said, kept for the checks: every log start it reported, and the producer's
  // acknowledged count over time (with one partition, offsets below it were written by then).
  const logStartsSeen = new Set<number>([0]);
  const ackedAt: { atMs: number; acked: number }[] = [{ atMs: ctx.elapsedMs(), acked: 0 }];
  let last: Offsets = { logStart: 0, logEnd: 0 };
  // The group's committed offset as Kafka last reported it, and the consumer's count when that
  // reading began and when its answer came (the commit it reports was made in between).
  let committedSeen = { offset: -1, consumed: 0, consumedByAnswer: 0 };
  let position = 0;
  // Kafka's log end as read before the consumer took its last record: the reset that follows
  // comes later, so it lands at or past this (a reading taken between the reset and the jump's
  // first record would be no bound).
  let logEndAtPosition = 0;
  let jumps = 0;
  let stopping = false;
  let behindSaid = false;
  const deletions = new Throttle(3000);

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();

  const readOffsets = async (a: Admin): Promise<Offsets> => {
    const [p] = await withRetries(() => a.fetchTopicOffsets(topic), { tries: 3, delayMs: 100 });
    const offsets = { logStart: Number(p?.low ?? 0), logEnd: Number(p?.high ?? 0) };
    logStartsSeen.add(offsets.logStart);
    return offsets;
  };

  try {
    admin = kafka.admin();
    await admin.connect();
    const a = admin;
    ctx.resources.topic(topic);
    ctx.resources.group(groupId);
    await createTopic(admin, topic, 1, [
      { name: 'segment.ms', value: String(segmentMs) },
      { name: 'retention.ms', value: String(retentionMs) },
      { name: 'retention.bytes', value: String(retentionBytes > 0 ? retentionBytes : -1) },
    ]);
    ctx.event(
      `topic created: a new segment every ${fmt(segmentMs / 1000)} s, closed segments deleted once their newest record is ${fmt(retentionMs / 1000)} s old${retentionBytes > 0 ? ` or the partition holds more than ${fmt(retentionBytes)} bytes` : ''}; the broker looks every second`,
    );

    const c = kafka.consumer({
      groupId,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: POLL_MS,
      // Small fetches (some twenty records): the consumer holds about a second of work at its
      // own pace, so it asks again soon and meets each deletion that passed it. At 8 KB it held
      // eight seconds' worth and jumped once, however far the log start had moved meanwhile.
      maxBytesPerPartition: 1024,
      allowAutoTopicCreation: false,
    });
    consumer = c;
    let joined = false;
    c.on(c.events.GROUP_JOIN, () => (joined = true));
    c.on(c.events.CRASH, ({ payload }) => {
      if (!stopping && !payload.restart) onError(payload.error);
    });
    const consumerPacer = ctx.pacer(() => ctx.params.consumerPerSec);
    const setPaused = (): void => {
      if (ctx.params.consumerPerSec === 0) c.pause([{ topic }]);
      else c.resume([{ topic }]);
    };
    ctx.onParamsChange((changed) => {
      if (stopping || !changed.includes('consumerPerSec')) return;
      setPaused();
      if (ctx.params.consumerPerSec === 0) {
        ctx.event(`consumer paused at offset ${fmt(position)}; its committed offset stays there`, {
          mark: true,
        });
      }
    });

    await c.connect();
    // earliest: fromBeginning; latest: kafkajs resets to the log end.
    await c.subscribe({ topics: [topic], fromBeginning: reset === 'earliest' });
    await c.run({
      autoCommitThreshold: 1,
      eachMessage: async ({ message, heartbeat }) => {
        const offset = Number(message.offset);
        if (offset > position && !stopping) {
          // Kafka answered "offset out of range" and kafkajs reset the offset: ask Kafka now,
          // before this record is committed, where the group stood and where the log is.
          const [now, commits] = await withDeadline(
            Promise.all([readOffsets(a), a.fetchOffsets({ groupId, topics: [topic] })]),
            2000,
            'offsets read at a jump',
          );
          const jump = ++jumps;
          if (jump <= MAX_JUMPS_RECORDED) {
            ctx.fact(jumpFact.from(jump), position);
            ctx.fact(jumpFact.landed(jump), offset);
            ctx.fact(jumpFact.committedBefore(jump), committedSeen.offset);
            ctx.fact(jumpFact.consumedSince(jump), consumed.total - committedSeen.consumed);
            ctx.fact(
              jumpFact.consumedSinceAnswer(jump),
              consumed.total - committedSeen.consumedByAnswer,
            );
            ctx.fact(jumpFact.committedAt(jump), committedOf(commits));
            ctx.fact(jumpFact.logEndBefore(jump), logEndAtPosition);
            ctx.fact(jumpFact.logEndAt(jump), now.logEnd);
          }
          skipped.inc(offset - position);
          ctx.event(
            `offset ${fmt(position)} is out of range (log start ${fmt(now.logStart)}): auto.offset.reset=${reset} moved the consumer to ${fmt(offset)}, skipping ${plural(offset - position, 'record')}`,
            { level: 'warn', mark: true },
          );
          behindSaid = false;
        }
        // Paced, or held while paused (heartbeating, so the group keeps the member).
        while (ctx.params.consumerPerSec === 0 && !stopping) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          await heartbeat();
        }
        if (!stopping) await consumerPacer.wait();
        consumed.inc();
        position = offset + 1;
        logEndAtPosition = last.logEnd;
        positionGauge.set(position);
      },
    });
    setPaused();
    if (!(await waitFor(() => joined, { withinMs: JOIN_WITHIN_MS }))) {
      throw new Error(`the consumer did not join its group within ${JOIN_WITHIN_MS / 1000} s`);
    }

    poller = poll(
      async () => {
        const consumedBefore = consumed.total;
        const [now, [commits, consumedByAnswer]] = await Promise.all([
          readOffsets(a),
          a.fetchOffsets({ groupId, topics: [topic] }).then((c) => [c, consumed.total] as const),
        ]);
        const committed = committedOf(commits);
        // kafkajs marks a reset with -2 / -1: not a position.
        if (committed >= 0) {
          committedSeen = { offset: committed, consumed: consumedBefore, consumedByAnswer };
        }
        ackedAt.push({ atMs: ctx.elapsedMs(), acked: paced.acked });
        if (now.logStart > last.logStart && !stopping && deletions.allow('deleted')) {
          ctx.event(
            `retention deleted offsets ${fmt(last.logStart)}–${fmt(now.logStart - 1)} (whole segments); the log now starts at ${fmt(now.logStart)}`,
          );
        }
        if (now.logStart > position && !behindSaid && !stopping) {
          behindSaid = true;
          ctx.event(
            `the log start (${fmt(now.logStart)}) has passed the consumer (${fmt(position)}): ${plural(now.logStart - position, 'record')} it never read are gone`,
            'warn',
          );
        }
        last = now;
        logStartGauge.set(now.logStart);
        logEndGauge.set(now.logEnd);
      },
      POLL_MS,
      polling.signal,
      { onError: () => undefined },
    );

    producer = newProducer(kafka);
    await producer.connect();
    const paced = new PacedProducer({ producer, topic, partitions: 1, acked: produced, onError });
    await paced.run(
      ctx.pacer(() => ctx.params.producePerSec),
      ctx.signal,
      failure.failed,
    );
    failure.check();

    // Final phase: the consumer stops where it is; the last sends; then Kafka's own offsets.
    stopping = true;
    c.pause([{ topic }]);
    await paced.finish(FINISH_MS);
    polling.abort();
    await poller;
    const final = await withDeadline(readOffsets(a), 2000, 'final offsets read');
    const finalAtMs = ctx.elapsedMs();
    ackedAt.push({ atMs: finalAtMs, acked: paced.acked });
    logStartGauge.set(final.logStart);
    logEndGauge.set(final.logEnd);
    recordFacts(ctx, final, finalAtMs, ackedAt, paced.acked, jumps, logStartsSeen);
    ctx.event(
      `final, from Kafka: the log holds offsets ${fmt(final.logStart)}–${fmt(final.logEnd - 1)}; the consumer processed ${fmt(consumed.total)} and skipped ${fmt(skipped.total)} in ${plural(jumps, 'jump')}`,
    );
  } finally {
    stopping = true;
    polling.abort();
    await poller;
    await withDeadline(
      consumer?.disconnect() ?? Promise.resolve(),
      FINISH_MS,
      'consumer leaving',
    ).catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}

const committedOf = (commits: { partitions: { offset: string }[] }[]): number =>
  Number(commits[0]?.partitions[0]?.offset ?? -1);

function recordFacts(
  ctx: RunContext<RetentionParams>,
  final: Offsets,
  finalAtMs: number,
  ackedAt: readonly { atMs: number; acked: number }[],
  acked: number,
  jumps: number,
  logStartsSeen: ReadonlySet<number>,
): void {
  ctx.fact('producerAcked', acked);
  ctx.fact('brokerLogStart', final.logStart);
  ctx.fact('brokerLogEnd', final.logEnd);
  ctx.fact('finalAtMs', Math.round(finalAtMs));
  ctx.fact('jumps', jumps);
  ctx.fact('logStartsSeen', [...logStartsSeen].sort((x, y) => x - y).join(','));
  // Offset L-1 (the newest deleted record) was not yet acknowledged at this time, so it was
  // written after it; offset L (the oldest kept) was acknowledged by the other.
  const L = final.logStart;
  const before = ackedAt.filter((s) => s.acked < L).at(-1);
  const by = ackedAt.find((s) => s.acked > L);
  if (L > 0 && before !== undefined)
    ctx.fact('newestDeletedWrittenAfterMs', Math.round(before.atMs));
  if (by !== undefined) ctx.fact('oldestKeptWrittenByMs', Math.round(by.atMs));
}
