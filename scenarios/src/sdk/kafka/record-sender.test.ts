import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteResources } from '../../engine/index.ts';
import { addressesFromEnv, expectGoneFromBrokers } from '../../testing/index.ts';
import { createNames } from '../names.ts';
import type { RunResources } from '../spec.ts';
import { newProducer, partitionForKey } from './paced-producer.ts';
import { readLogEnds, readTopic } from './read-topic.ts';
import { RecordSender } from './record-sender.ts';
import type { AckedRecord } from './record-sender.ts';
import { createTopic } from './topic.ts';

const names = createNames(`rs${Date.now().toString(36)}`);
const topic = names.topic('sent');
const groupId = names.group('check');
const resources: RunResources = {
  redisKeyPrefix: names.keyPrefix,
  queues: [],
  exchanges: [],
  topics: [topic],
  groups: [groupId],
};
const addresses = addressesFromEnv();
const kafka = new Kafka({
  clientId: 'record-sender-test',
  brokers: addresses.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await createTopic(admin, topic, 3);
});

afterAll(async () => {
  await admin.disconnect();
  const report = await deleteResources(resources, addresses);
  expect(report.errors).toEqual([]);
  await expectGoneFromBrokers({ resources });
});

describe('RecordSender on a live broker', () => {
  it('hands back every acknowledged record in order, on its key’s partition with its timestamp', async () => {
    const producer = newProducer(kafka);
    await producer.connect();
    const acked: AckedRecord<number>[] = [];
    const errors: unknown[] = [];
    const sender = new RecordSender<number>({
      producer,
      topic,
      partitions: 3,
      onAcked: (records) => acked.push(...records),
      onError: (e) => errors.push(e),
    });
    const base = Date.now() - 60_000;
    try {
      for (let i = 0; i < 500; i++) {
        sender.send({ key: `k${i % 11}`, value: `v${i}`, timestamp: base + i, meta: i });
      }
      await sender.finish(5000);
    } finally {
      await producer.disconnect();
    }
    expect(errors).toEqual([]);
    expect(sender.acked).toBe(500);
    expect(acked.map((r) => r.meta)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(acked.every((r) => r.partition === partitionForKey(`k${r.meta % 11}`, 3))).toBe(true);
    expect([...sender.ackedByPartition]).toEqual(await readLogEnds(admin, topic));

    const stamps = new Map<string, number>();
    const read = await readTopic({
      kafka,
      admin,
      topic,
      groupId,
      withinMs: 8000,
      onRecord: ({ message }) => stamps.set(String(message.value), Number(message.timestamp)),
    });
    expect(read.complete).toBe(true);
    expect(stamps.size).toBe(500);
    expect(stamps.get('v123')).toBe(base + 123);
  });
});
