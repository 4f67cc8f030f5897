import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../src/config.ts';
import { RunJournal, sweepLeftovers } from '../src/engine/index.ts';
import { leaseKey } from '../src/engine/index.ts';

const config = loadConfig();

async function queueExists(name: string): Promise<boolean> {
  const conn = await amqp.connect(config.amqpUrl);
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    await ch.checkQueue(name);
    await ch.close();
    return true;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

describe('start-up sweep', () => {
  it("deletes what a crashed run left on every broker, and leaves a live run's resources alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-sweep-'));
    const journal = new RunJournal(dir);
    const crashed = `crash${Date.now().toString(36)}`.slice(0, 12);
    const alive = `alive${Date.now().toString(36)}`.slice(0, 12);
    const redis = new Redis(config.redisUrl);
    const kafka = new Kafka({ brokers: config.kafkaBrokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const conn = await amqp.connect(config.amqpUrl);
    try {
      // What a crashed run leaves: keys, a queue known only from its journal, a topic.
      await redis.set(`pg:${crashed}:k1`, '1');
      await redis.set(`pg:${crashed}:k2`, '2');
      await redis.set(`pg:${alive}:k`, 'mine');
      await redis.set(leaseKey(alive), String(process.pid), 'PX', 30_000);
      const ch = await conn.createChannel();
      await ch.assertQueue(`pg:${crashed}:q`, { durable: false });
      await ch.close();
      await admin.createTopics({
        topics: [
          { topic: `pg.${crashed}.t`, numPartitions: 1 },
          { topic: `pg.${alive}.t`, numPartitions: 1 },
        ],
        waitForLeaders: true,
      });
      // A journal written by a process that no longer exists (pid far beyond pid_max).
      journal.write({
        runId: crashed,
        pid: 99_999_999,
        scenario: 'fanout',
        resources: {
          redisKeyPrefix: `pg:${crashed}:`,
          queues: [`pg:${crashed}:q`],
          exchanges: [],
          topics: [],
          groups: [],
        },
      });

      const report = await sweepLeftovers(config, journal, new Set());
      expect(report.errors).toEqual([]);
      expect(report.runs).toContain(crashed);
      expect(report.runs).not.toContain(alive);

      expect(await redis.keys(`pg:${crashed}:*`)).toEqual([]);
      expect(await queueExists(`pg:${crashed}:q`)).toBe(false);
      const topics = await admin.listTopics();
      expect(topics).not.toContain(`pg.${crashed}.t`);
      expect(journal.list()).toEqual([]);

      expect(await redis.get(`pg:${alive}:k`)).toBe('mine');
      expect(topics).toContain(`pg.${alive}.t`);
    } finally {
      await redis.del(`pg:${alive}:k`, leaseKey(alive), `pg:${crashed}:k1`, `pg:${crashed}:k2`);
      await admin.deleteTopics({ topics: [`pg.${alive}.t`] }).catch(() => undefined);
      const ch = await conn.createChannel();
      await ch.deleteQueue(`pg:${crashed}:q`).catch(() => undefined);
      await conn.close();
      await admin.disconnect();
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
