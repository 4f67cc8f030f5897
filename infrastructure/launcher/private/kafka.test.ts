import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_DIR } from '../paths.ts';
import { isAlive, isOurs } from '../process.ts';
import { kafkaKind, kafkaLogLines, kafkaNodePlace } from './kafka.ts';
import { RunInstances } from './run-instances.ts';

const { Kafka, logLevel } = kafkajs;
mkdirSync(PLAYGROUND_DIR, { recursive: true });
const root = mkdtempSync(join(PLAYGROUND_DIR, 'test-private-kafka-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('private Kafka nodes', () => {
  it('starts a SCRAM-authenticated node whose authorizer denies what no ACL allows, logging each refusal', async () => {
    const run = new RunInstances('t-kafka', root);
    try {
      const kind = kafkaKind({ users: [{ name: 'alice', password: 'alice-pw' }] });
      const proc = await run.start(kind);
      const node = kafkaNodePlace(proc.place);
      expect(isOurs(proc.pid, kind.markers(proc.place))).toBe(true);

      const admin = new Kafka({ brokers: [node.adminAddress], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'closed', numPartitions: 1 }] });
      await admin.disconnect();

      const as = (password: string) =>
        new Kafka({
          brokers: [node.saslAddress],
          logLevel: logLevel.NOTHING,
          retry: { retries: 0 },
          sasl: { mechanism: 'scram-sha-256', username: 'alice', password },
        });
      const wrong = as('nope').admin();
      await expect(wrong.connect()).rejects.toThrow(/authentication failed/i);
      const alice = as('alice-pw').admin();
      await alice.connect();
      // No ACL names the topic: alice is logged in, and refused.
      await expect(alice.fetchTopicOffsets('closed')).rejects.toMatchObject({
        type: 'TOPIC_AUTHORIZATION_FAILED',
      });
      await alice.disconnect();

      expect(kafkaLogLines(node.authorizerLog, /User:alice is Denied/)).toHaveLength(1);
      expect(kafkaLogLines(node.serverLog, /Failed authentication/)).toHaveLength(1);

      await run.closeAll();
      expect(isAlive(proc.pid)).toBe(false);
    } finally {
      await run.closeAll();
    }
  }, 40_000);
});
