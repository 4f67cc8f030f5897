// A producer keeps `keys` live keys up to date in a compacted one-partition topic, deleting a
// share of them with tombstones (a new key takes each deleted one's place). Every 2 s a new
// consumer reads the whole topic: compaction keeps that read near one record per key however
// much was written. At the end a marker record closes the active segment, so the cleaner can
// compact everything the producer wrote, and a final full read is held against the producer's
// own last write per key.
import type { Admin, Producer } from 'kafkajs';
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
import { createTopic, newProducer, readTopic } from '../src/sdk/kafka/index.ts';
import type { CompactionParams } from './params.ts';
import { ROLL_KEY, liveDigest, summarize } from './state.ts';
import type { KeyState, ReadSummary } from './state.ts';

const READ_EVERY_MS = 2000;
const READ_WITHIN_MS = 3000;
const MAX_BATCH = 500;
// The final phase: wait for the active segment to age, write the marker, wait for the cleaner.
const COMPACTED_WITHIN_MS = 5000;
/** A tombstone this much older than delete.retention.ms should be gone (see the lesson). */
export const TOMBSTONE_SLACK_MS = 5000;

interface Write {
  key: string;
  value: string | null;
}

export async function runCompaction(ctx: RunContext<CompactionParams>): Promise<void> {
  const { keys, segmentMs, minCleanableDirtyRatio, deleteRetentionMs, minCompactionLagMs } =
    ctx.params;
  const failure = new FailureLatch();
  const kafka = ctx.brokers.kafka();
  const topic = ctx.names.topic('table');
  const readerGroup = ctx.names.group('reader');
  const written = ctx.metrics.counter('written');
  const deletes = ctx.metrics.counter('deletes');
  const inLog = ctx.metrics.gauge('inLog');
  const distinctKeys = ctx.metrics.gauge('distinctKeys');
  const tombstones = ctx.metrics.gauge('tombstones');
  const logEnd = ctx.metrics.gauge('logEndOffset');

  // The producer's own view: the last write Kafka acknowledged per key, and when.
  const acked = new Map<string, { value: string | null; atMs: number }>();
  const live = Array.from({ length: keys }, (_, i) => `key-${i}`);
  let nextKey = keys;
  const versions = new Map<string, number>();
  let pending: Write[] = [];
  let flushing: Promise<void> | undefined;

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();
  let stopping = false;
  const narrate = new Throttle(4000);

  const flush = async (p: Producer): Promise<void> => {
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, MAX_BATCH);
        await p.send({ topic, messages: batch.map((w) => ({ key: w.key, value: w.value })) });
        const atMs = ctx.elapsedMs();
        // One partition, one send at a time: the last of a key in the batch is its last write.
        for (const w of batch) acked.set(w.key, { value: w.value, atMs });
        written.inc(batch.length);
        deletes.inc(batch.filter((w) => w.value === null).length);
      }
    } catch (error) {
      pending = [];
      failure.fail(error);
    } finally {
      flushing = undefined;
    }
  };
  const nextWrite = (): Write => {
    const i = ctx.random.int(live.length);
    const key = live[i] ?? 'key-0';
    if (ctx.random.next() * 100 < ctx.params.tombstonePct) {
      live[i] = `key-${nextKey++}`;
      return { key, value: null };
    }
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    return { key, value: `${key}#${version}` };
  };

  const readAll = async (a: Admin): Promise<{ summary: ReadSummary; complete: boolean }> => {
    const records: Write[] = [];
    const read = await readTopic({
      kafka,
      admin: a,
      topic,
      groupId: readerGroup,
      withinMs: READ_WITHIN_MS,
      onRecord: ({ message }) =>
        records.push({
          key: message.key?.toString() ?? '',
          value: message.value === null ? null : message.value.toString(),
        }),
    });
    const summary = summarize(records);
    const ends = read.until.reduce((s, n) => s + n, 0);
    inLog.set(summary.records);
    distinctKeys.set(summary.distinctKeys);
    tombstones.set(summary.tombstones);
    logEnd.set(ends);
    return { summary, complete: read.complete };
  };

  try {
    admin = kafka.admin();
    await admin.connect();
    const a = admin;
    ctx.resources.topic(topic);
    ctx.resources.group(readerGroup);
    await createTopic(admin, topic, 1, [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.ms', value: String(segmentMs) },
      { name: 'min.cleanable.dirty.ratio', value: String(minCleanableDirtyRatio) },
      { name: 'delete.retention.ms', value: String(deleteRetentionMs) },
      { name: 'min.compaction.lag.ms', value: String(minCompactionLagMs) },
    ]);
    ctx.event(
      `compacted topic created: a new segment every ${fmt(segmentMs / 1000)} s, cleaned once ${fmt(minCleanableDirtyRatio * 100)}% of the log is dirty; tombstones kept ${fmt(deleteRetentionMs / 1000)} s after their first cleaning`,
    );

    let previous: number | undefined;
    poller = poll(
      async () => {
        const { summary } = await readAll(a);
        if (previous !== undefined && summary.records < previous && !stopping) {
          if (narrate.allow('compacted')) {
            ctx.event(
              `compacted: a full read now finds ${plural(summary.records, 'record')} for ${plural(summary.distinctKeys, 'key')} (${plural(summary.tombstones, 'tombstone')}) of ${fmt(written.total)} written`,
            );
          }
        }
        previous = summary.records;
      },
      READ_EVERY_MS,
      polling.signal,
      { onError: (error) => ctx.event(`a full read failed (${String(error)}); retrying`, 'warn') },
    );

    producer = newProducer(kafka);
    await producer.connect();
    const p = producer;
    const pacer = ctx.pacer(() => ctx.params.producePerSec);
    while (await Promise.race([pacer.wait(), failure.failed])) {
      pending.push(nextWrite());
      flushing ??= flush(p);
      if (pending.length >= 5 * MAX_BATCH) await Promise.race([flushing, failure.failed]);
    }
    failure.check();

    // Final phase. The cleaner never touches the active segment: let it age past segment.ms,
    // then one marker record makes Kafka roll it, and everything the producer wrote can be
    // compacted.
    stopping = true;
    await withDeadline(flushing ?? Promise.resolve(), 1500, 'last writes');
    polling.abort();
    await poller;
    await new Promise((resolve) => setTimeout(resolve, segmentMs + 100));
    await withDeadline(
      p.send({ topic, messages: [{ key: ROLL_KEY, value: 'roll' }] }),
      1500,
      'the roll marker',
    );
    const markerAt = performance.now();
    ctx.mark('active segment closed');
    let final: { summary: ReadSummary; complete: boolean } | undefined;
    const compacted = await waitFor(
      async () => {
        final = await readAll(a);
        return final.complete && final.summary.duplicates === 0;
      },
      { withinMs: COMPACTED_WITHIN_MS, everyMs: 200 },
    );
    if (final === undefined) throw new Error('no final read');
    recordFacts(ctx, acked, final.summary, final.complete, ctx.elapsedMs());
    ctx.fact('compactedWithinMs', compacted ? Math.round(performance.now() - markerAt) : -1);
    const s = final.summary;
    ctx.event(
      `final full read${compacted ? ` (${fmt(Math.round(performance.now() - markerAt))} ms after the segment closed)` : ', not yet compacted'}: ${plural(s.records, 'record')} for ${plural(s.distinctKeys, 'key')}, ${plural(s.tombstones, 'tombstone')}, of ${fmt(written.total)} written`,
      { mark: true },
    );
  } finally {
    stopping = true;
    polling.abort();
    await poller;
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}

function recordFacts(
  ctx: RunContext<CompactionParams>,
  acked: ReadonlyMap<string, { value: string | null; atMs: number }>,
  read: ReadSummary,
  complete: boolean,
  readAtMs: number,
): void {
  const producerState: KeyState = new Map([...acked].map(([k, w]) => [k, w.value]));
  const producer = liveDigest(producerState);
  const fromRead = liveDigest(read.latest);
  ctx.fact('readComplete', complete);
  ctx.fact('producerLive', producer.live);
  ctx.fact('producerDigest', producer.digest);
  ctx.fact('readLive', fromRead.live);
  ctx.fact('readDigest', fromRead.digest);
  ctx.fact('finalRecords', read.records);
  ctx.fact('finalDuplicates', read.duplicates);
  ctx.fact('finalTombstones', read.tombstones);
  // Records the read holds that are not the producer's last write for their key.
  let stale = 0;
  for (const [key, value] of read.latest) if (acked.get(key)?.value !== value) stale++;
  ctx.fact('finalStale', stale + read.duplicates);
  // Keys deleted long enough ago that their tombstones should be gone, and those still there.
  const limit = ctx.params.deleteRetentionMs + ctx.params.segmentMs + TOMBSTONE_SLACK_MS;
  let old = 0;
  let oldInLog = 0;
  for (const [key, w] of acked) {
    if (w.value !== null || readAtMs - w.atMs <= limit) continue;
    old++;
    if (read.latest.has(key)) oldInLog++;
  }
  ctx.fact('oldTombstones', old);
  ctx.fact('oldTombstonesInLog', oldInLog);
}
