// The project's Kafka client (kafkajs 2.2.4, which predates Kafka 4) against the broker the
// launcher provides: Kafka 4 dropped old protocol versions, so this is worth proving end to end.
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../playground-server/src/config.ts';

const kafka = new Kafka({
  clientId: 'infra-kafkajs-compat',
  brokers: loadConfig().kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const topic = `infra-test-kafkajs-${Date.now()}`;
const groupId = `${topic}-group`;
const MESSAGES = 30;

describe('kafkajs against the launcher’s Kafka', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('creates, produces, consumes in a group and reads committed and end offsets', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThan(0);
    expect(
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }),
    ).toBe(true);

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async () => {
          if (++seen === MESSAGES) resolve();
        },
      });
    });
    await consumer.disconnect(); // commits what was consumed

    const ends = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const sum = (xs: { offset: string }[]): number => xs.reduce((n, x) => n + Number(x.offset), 0);
    expect(seen).toBe(MESSAGES);
    expect(sum(ends)).toBe(MESSAGES);
    expect(ends.every((p) => p.low === '0' && p.high === p.offset)).toBe(true);
    expect(committed).toHaveLength(1);
    expect(sum(committed[0]?.partitions ?? [])).toBe(MESSAGES); // lag 0 on every partition
  }, 60_000);
});
