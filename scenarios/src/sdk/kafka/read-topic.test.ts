import { waitFor } from '../poll.ts';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteResources } from '../../engine/index.ts';
import { addressesFromEnv, expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import type { RunResources } from '../spec.ts';
import { offsetsAtTime, readLogEnds, readTopic } from './read-topic.ts';
import { createTopic } from './topic.ts';

// A run-shaped namespace, so the server's start-up sweep removes whatever a crashed test leaves.
const names = createNames(`rt${Date.now().toString(36)}`);
const topic = names.topic('read');
const groups = ['committed', 'uncommitted', 'asof'].map((g) => names.group(g));
const resources: RunResources = {
  redisKeyPrefix: names.keyPrefix,
  queues: [],
  exchanges: [],
  topics: [topic],
  groups,
};
const addresses = addressesFromEnv();
const kafka = new Kafka({
  clientId: 'read-topic-test',
  brokers: addresses.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await createTopic(admin, topic, 2);
});

afterAll(async () => {
  await admin.disconnect();
  const report = await deleteResources(resources, addresses);
  expect(report.errors).toEqual([]);
  await expectGoneFromBrokers({ resources });
});

describe('readTopic on a live broker', () => {
  it('reads to the log end past markers and aborted records, and as of a moment', async () => {
    const plain = kafka.producer({ allowAutoTopicCreation: false });
    const tx = kafka.producer({
      transactionalId: names.topic('tx'),
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await Promise.all([plain.connect(), tx.connect()]);
    let between: number;
    try {
      await plain.send({
        topic,
        messages: [0, 1, 2].map((n) => ({ partition: n % 2, value: `early-${n}` })),
      });
      await new Promise((r) => setTimeout(r, 20));
      between = Date.now();
      await new Promise((r) => setTimeout(r, 20));
      const committed = await tx.transaction();
      await committed.send({
        topic,
        messages: [0, 1].map((p) => ({ partition: p, value: `kept-${p}` })),
      });
      await committed.commit();
      // The log of each partition ends on an abort marker after an aborted record.
      const aborted = await tx.transaction();
      await aborted.send({
        topic,
        messages: [0, 1].map((p) => ({ partition: p, value: `gone-${p}` })),
      });
      await aborted.abort();
    } finally {
      await Promise.all([plain.disconnect(), tx.disconnect()]);
    }
    // Records, then per partition two records and two markers from the transactions. The
    // coordinator writes the markers after EndTxn has answered, so they may land a moment later.
    let ends: number[] = [];
    await waitFor(
      async () => {
        ends = await readLogEnds(admin, topic);
        return ends[0] === 2 + 4 && ends[1] === 1 + 4;
      },
      { withinMs: 5000, everyMs: 50 },
    );
    expect(ends).toEqual([2 + 4, 1 + 4]);

    const read = async (groupId: string, readCommitted: boolean, until?: number[]) => {
      const values: string[] = [];
      const result = await readTopic({
        kafka,
        admin,
        topic,
        groupId,
        readCommitted,
        until,
        withinMs: 8000,
        onRecord: (r) => values.push(String(r.message.value)),
      });
      return { ...result, values: values.sort() };
    };
    const [committed, everything] = await Promise.all([
      read(groups[0]!, true),
      read(groups[1]!, false),
    ]);
    expect(committed.complete).toBe(true);
    expect(committed.values).toEqual(['early-0', 'early-1', 'early-2', 'kept-0', 'kept-1']);
    expect(everything.complete).toBe(true);
    expect(everything.records).toBe(7);
    expect(everything.values).toContain('gone-1');

    const asOf = await offsetsAtTime(admin, topic, between);
    expect(asOf).toEqual([2, 1]);
    const early = await read(groups[2]!, true, asOf);
    expect(early.values).toEqual(['early-0', 'early-1', 'early-2']);
    expect(await offsetsAtTime(admin, topic, Date.now() + 60_000)).toEqual([6, 5]);
  });
});
