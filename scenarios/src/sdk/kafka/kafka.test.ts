import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteResources } from '../../engine/index.ts';
import { addressesFromEnv, expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import { waitFor } from '../poll.ts';
import { Counter } from '../recorders.ts';
import type { RunResources } from '../spec.ts';
import { assignmentSettled, countMembers } from './assignment.ts';
import { GroupMembers } from './group-members.ts';
import type { GroupJoin } from './group-members.ts';
import { readLag } from './lag.ts';
import { pollLag } from './lag-poller.ts';
import { PacedProducer, newProducer, partitionForKey } from './paced-producer.ts';
import { createTopic } from './topic.ts';

// A run-shaped namespace: whatever a crashed test leaves, the server's start-up sweep removes.
const names = createNames(`kit${Date.now().toString(36)}`);
const topic = names.topic('kit');
const groupId = names.group('kit');
const resources: RunResources = {
  redisKeyPrefix: names.keyPrefix,
  queues: [],
  exchanges: [],
  topics: [topic],
  groups: [groupId],
};
const PARTITIONS = 3;
const RECORDS = 300;

const addresses = addressesFromEnv();
const kafka = new Kafka({
  clientId: 'kafka-kit-test',
  brokers: addresses.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await createTopic(admin, topic, PARTITIONS);
});

afterAll(async () => {
  await admin.disconnect();
  const report = await deleteResources(resources, addresses);
  expect(report.errors).toEqual([]);
  await expectGoneFromBrokers({ resources });
});

describe('the Kafka kit on a live broker', () => {
  it('acknowledges per partition exactly what the log holds, keyed as Kafka partitions keys', async () => {
    const producer = newProducer(kafka);
    await producer.connect();
    const acked = new Counter();
    const errors: unknown[] = [];
    const key = (seq: number): string => `order-${seq % 7}`;
    const paced = new PacedProducer({
      producer,
      topic,
      partitions: PARTITIONS,
      key,
      acked,
      onError: (e) => errors.push(e),
    });
    let allowed = 0;
    try {
      await paced.run(
        { wait: () => Promise.resolve(allowed++ < RECORDS) },
        new AbortController().signal,
        new Promise(() => undefined),
      );
      await paced.finish(5000);
    } finally {
      await producer.disconnect();
    }
    expect(errors).toEqual([]);
    expect(paced.acked).toBe(RECORDS);
    expect(acked.total).toBe(RECORDS);

    const ends = await admin.fetchTopicOffsets(topic);
    const logEnd = ends.sort((a, b) => a.partition - b.partition).map((e) => Number(e.high));
    expect(paced.ackedByPartition).toEqual(logEnd);
    // Seven keys over three partitions: the producer's arithmetic matches the keys' spread.
    const expected = Array.from({ length: PARTITIONS }, () => 0);
    for (let seq = 0; seq < RECORDS; seq++) expected[partitionForKey(key(seq), PARTITIONS)]! += 1;
    expect(paced.ackedByPartition).toEqual(expected);
    expect(expected.filter((n) => n > 0).length).toBeGreaterThan(1);

    // Nothing committed yet: no lag number, as kafka-consumer-groups shows "-", but a backlog.
    const before = await readLag(admin, topic, groupId);
    expect(before.partitions.map((p) => p.lag)).toEqual([undefined, undefined, undefined]);
    expect(before.backlog).toBe(RECORDS);
    expect(before.logEndTotal).toBe(RECORDS);
  });

  it('members join live, consume in order, commit what they processed, and the lag agrees', async () => {
    const joins: GroupJoin[] = [];
    const errors: unknown[] = [];
    // A rebalance may hand a partition over before its last records were committed; the new
    // holder then sees those again. Order is a promise per member and partition.
    const seqsByStream = new Map<string, number[]>();
    const members = new GroupMembers({
      kafka,
      groupId,
      topic,
      processingMs: () => 1,
      onJoin: (join) => joins.push(join),
      onProcessed: (r) => {
        const stream = `${r.member}/p${r.partition}`;
        const seqs = seqsByStream.get(stream) ?? [];
        seqs.push(r.payload?.seq ?? -1);
        seqsByStream.set(stream, seqs);
      },
      onError: (e) => errors.push(e),
    });
    const polling = new AbortController();
    let polled = 0;
    const poller = pollLag({
      read: () => readLag(admin, topic, groupId),
      onReading: () => polled++,
      signal: polling.signal,
      everyMs: 100,
    });
    try {
      await members.resize(1);
      await members.add();
      expect(
        await waitFor(
          () =>
            members.assignments().length === 2 &&
            countMembers(members.assignments()).active === 2 &&
            assignmentSettled(members.assignments(), PARTITIONS),
          { withinMs: 5000 },
        ),
      ).toBe(true);
      expect(await waitFor(() => sum(members.nextOffsets()) === RECORDS, { withinMs: 5000 })).toBe(
        true,
      );
      const split = members.assignments().flatMap((m) => m.partitions ?? []);
      expect(split.sort()).toEqual([0, 1, 2]);
      expect(joins.filter((j) => j.isLeader).length).toBeGreaterThanOrEqual(1);
    } finally {
      await members.stopAll(3000);
      polling.abort();
      await poller;
    }
    expect(errors).toEqual([]);
    expect(polled).toBeGreaterThan(0);

    // Each partition's records arrive in the order they were produced, and none is missed.
    const seen = [...seqsByStream.values()];
    for (const seqs of seen) expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(new Set(seen.flat()).size).toBe(RECORDS);

    // The members' own view of where they stopped is what Kafka committed for the group.
    const [ends, offsets] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const committed = new Map(
      (offsets[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
    );
    expect(committed).toEqual(members.nextOffsets());
    const reading = await readLag(admin, topic, groupId);
    for (const e of ends) {
      const p = reading.partitions[e.partition];
      expect(p?.committed).toBe(committed.get(e.partition));
      expect(p?.lag).toBe(Number(e.high) - (committed.get(e.partition) ?? Number.NaN));
    }
    expect(reading.lag).toBe(0);
    expect(reading.committedTotal).toBe(RECORDS);
  });
});

const sum = (m: ReadonlyMap<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
