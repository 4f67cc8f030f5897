// Records of `keys` keys, each with its own sequence number, go into N partitions, keyed (Kafka's
// default partitioner: murmur2 of the key) or round-robin; a consumer group shares the
// partitions. The members count records that arrive out of per-key order; at the end a fresh
// read of the topic shows where each key landed and in what order.
import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import { FailureLatch, fmt, pct, poll, waitFor, withDeadline } from '../src/sdk/index.ts';
import {
  GroupMembers,
  createTopic,
  newProducer,
  partitionForKey,
  readLag,
  readTopic,
} from '../src/sdk/kafka/index.ts';
import { consumedKey, lagKey, memberKey, producedKey } from './metrics.ts';
import type { PartitionsOrderingParams } from './params.ts';
import { KeyOrder, decodeRecord, encodeRecord, readFacts } from './order.ts';

const MAX_BATCH = 500;
const POLL_MS = 500;
const JOIN_WITHIN_MS = 8000;
const MEMBERS_STOP_MS = 1500;
const HOT_KEY = 'key-0';
const FETCH_MIN_BYTES = 64 * 1024;
const FETCH_MAX_WAIT_MS = 200;

interface Outgoing {
  key: string;
  value: string;
  partition: number;
  sendKey: boolean;
}

export async function runPartitionsOrdering(
  ctx: RunContext<PartitionsOrderingParams>,
): Promise<void> {
  const { partitions, keys, consumers } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const kafka = ctx.brokers.kafka();
  const topic = ctx.names.topic('orders');
  const groupId = ctx.names.group('workers');
  const readerGroup = ctx.names.group('reader');
  const range = Array.from({ length: partitions }, (_, n) => n);
  const produced = range.map((n) => ctx.metrics.counter(producedKey(n)));
  const consumed = range.map((n) => ctx.metrics.counter(consumedKey(n)));
  const lag = range.map((n) => ctx.metrics.gauge(lagKey(n)));
  const members = Array.from({ length: consumers }, (_, i) =>
    ctx.metrics.counter(memberKey(i + 1)),
  );
  const violations = ctx.metrics.counter('orderViolations');
  const skew = ctx.metrics.gauge('skewPct');

  const nextSeq = new Map<string, number>();
  const ackedByKey = new Map<string, number>();
  let unkeyedSent = 0;
  let roundRobin = 0;
  let pending: Outgoing[] = [];
  let flushing: Promise<void> | undefined;
  const order = new KeyOrder();
  let stopping = false;

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();

  const group = new GroupMembers({
    kafka,
    groupId,
    topic,
    processingMs: () => ctx.params.processingMs,
    sleep: (ms) => ctx.sleep(ms),
    onProcessed: ({ member, partition, message }) => {
      consumed[partition]?.inc();
      members[Number(/(\d+)$/.exec(member)?.[1] ?? 1) - 1]?.inc();
      const record = decodeRecord(message.value);
      if (record === undefined) return;
      if (order.see(record.key, record.seq) === 'violation') {
        violations.inc();
        if (violations.total === 1 || violations.total % 500 === 0) {
          ctx.event(
            `${member} got ${record.key} #${record.seq} from p${partition} after a later one of that key: ${fmt(violations.total)} out of order so far`,
            { level: 'warn', mark: violations.total === 1 },
          );
        }
      }
    },
    onWarning: (message) => ctx.event(message, 'warn'),
    onError,
    // Fetches gather what a partition received over a fifth of a second (fetch.min.bytes and
    // fetch.max.wait.ms), as consumers under load do: a member then works through one
    // partition's batch before the next, so a key spread over partitions comes out of order.
    consumerConfig: { minBytes: FETCH_MIN_BYTES, maxWaitTimeInMs: FETCH_MAX_WAIT_MS },
  });

  const nextRecord = (): Outgoing => {
    const hot = ctx.random.next() * 100 < ctx.params.hotKeyPct;
    const key = hot ? HOT_KEY : `key-${ctx.random.int(keys)}`;
    const seq = nextSeq.get(key) ?? 0;
    nextSeq.set(key, seq + 1);
    const sendKey = ctx.params.keyed;
    // Keyed: the partition Kafka's default partitioner gives the key (kafkajs computes it);
    // without a key, the next partition in turn.
    const partition = sendKey ? partitionForKey(key, partitions) : roundRobin++ % partitions;
    return { key, value: encodeRecord(key, seq), partition, sendKey };
  };

  const flush = async (p: Producer): Promise<void> => {
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, MAX_BATCH);
        await p.send({
          topic,
          messages: batch.map((r) => ({
            ...(r.sendKey ? { key: r.key } : {}),
            value: r.value,
            partition: r.partition,
          })),
        });
        for (const r of batch) {
          produced[r.partition]?.inc();
          ackedByKey.set(r.key, (ackedByKey.get(r.key) ?? 0) + 1);
          if (!r.sendKey) unkeyedSent++;
        }
      }
    } catch (error) {
      pending = [];
      onError(error);
    } finally {
      flushing = undefined;
    }
  };

  try {
    admin = kafka.admin();
    await admin.connect();
    const a = admin;
    ctx.resources.topic(topic);
    ctx.resources.group(groupId);
    ctx.resources.group(readerGroup);
    await createTopic(admin, topic, partitions);
    const home = Array.from({ length: keys }, (_, i) => `key-${i}`)
      .slice(0, 4)
      .map((k) => `${k}→p${partitionForKey(k, partitions)}`)
      .join(', ');
    ctx.event(
      `topic with ${partitions} partitions; keyed records go to murmur2(key) mod ${partitions}: ${home}${keys > 4 ? ', …' : ''}`,
    );

    void group.resize(consumers);
    // Records go out once every partition has its member, so no rebalance hands records over.
    const settled = await waitFor(
      () => group.assignments().reduce((s, m) => s + (m.partitions?.length ?? 0), 0) === partitions,
      { withinMs: JOIN_WITHIN_MS, everyMs: 50 },
    );
    if (!settled) throw new Error(`the group did not take all ${partitions} partitions in time`);
    ctx.event(
      `group formed: ${group
        .assignments()
        .map((m) => `${m.name.replace('consumer-', 'c')}→[${(m.partitions ?? []).join(',')}]`)
        .join(' ')}`,
    );
    ctx.onParamsChange((changed) => {
      if (stopping) return;
      if (changed.includes('keyed')) {
        ctx.event(
          ctx.params.keyed ? 'records keyed again' : 'records sent without a key: round-robin',
          {
            mark: true,
          },
        );
      }
      if (changed.includes('hotKeyPct')) {
        ctx.event(
          `${ctx.params.hotKeyPct}% of records now belong to ${HOT_KEY}, whose partition is p${partitionForKey(HOT_KEY, partitions)}`,
          { mark: true },
        );
      }
    });

    poller = poll(
      async () => {
        const reading = await readLag(a, topic, groupId);
        for (const p of reading.partitions) lag[p.partition]?.set(p.backlog);
        const totals = produced.map((c) => c.total);
        const sum = totals.reduce((s, n) => s + n, 0);
        if (sum > 0) skew.set(Math.round((Math.max(...totals) / (sum / partitions) - 1) * 100));
      },
      POLL_MS,
      polling.signal,
      { onError: () => undefined },
    );

    producer = newProducer(kafka);
    await producer.connect();
    const p = producer;
    const pacer = ctx.pacer(() => ctx.params.producePerSec);
    while (await Promise.race([pacer.wait(), failure.failed])) {
      pending.push(nextRecord());
      flushing ??= flush(p);
      if (pending.length >= 5 * MAX_BATCH) await Promise.race([flushing, failure.failed]);
    }
    failure.check();

    // Final phase: last sends, members finish what is left (briefly) and leave, then a fresh
    // read of the whole topic.
    stopping = true;
    await withDeadline(flushing ?? Promise.resolve(), 1000, 'last sends');
    const producedTotal = produced.reduce((s, c) => s + c.total, 0);
    await waitFor(() => consumed.reduce((s, c) => s + c.total, 0) >= producedTotal, {
      withinMs: 1500,
    });
    await group.stopAll(MEMBERS_STOP_MS);
    polling.abort();
    await poller;
    const facts = await readFacts({
      read: (onRecord) =>
        readTopic({ kafka, admin: a, topic, groupId: readerGroup, withinMs: 3000, onRecord }),
      partitions,
    });
    for (const [key, value] of Object.entries(facts)) ctx.fact(key, value);
    range.forEach((n) => ctx.fact(`acked.p${n}`, produced[n]?.total ?? 0));
    ctx.fact('unkeyedRecords', unkeyedSent);
    ctx.fact('keyedRecords', producedTotal - unkeyedSent);
    ctx.fact('hotKeyAcked', ackedByKey.get(HOT_KEY) ?? 0);
    const totals = produced.map((c) => c.total);
    ctx.event(
      `final: per partition ${totals.map((t, n) => `p${n} ${fmt(t)}`).join(', ')} (busiest ${pct(Math.max(...totals), producedTotal)} of all); the members counted ${fmt(violations.total)} records out of per-key order`,
    );
  } finally {
    stopping = true;
    polling.abort();
    await poller;
    await group.stopAll(MEMBERS_STOP_MS);
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}
