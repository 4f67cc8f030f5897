// A short live comparison on the shared brokers: two real targets in worker threads, one after
// the other, each about 3 s; what the producers had acknowledged is what the consumers got, the
// brokers' processes were read, and nothing of the comparison is left on the brokers.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../engine/addresses.ts';
import { RunJournal } from '../engine/journal.ts';
import { leaseKey } from '../engine/sweep.ts';
import { labNames, labRunId } from './names.ts';
import type { LabSample } from './report.ts';
import { runComparison } from './runner.ts';
import { checkWorkload } from './workload.ts';

const addresses = addressesFromEnv();
const journalDir = mkdtempSync(join(tmpdir(), 'lab-journal-'));
afterAll(() => rmSync(journalDir, { recursive: true, force: true }));

async function queueExists(url: string, queue: string): Promise<boolean> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return await channel.checkQueue(queue).then(
      () => true,
      () => false,
    );
  } finally {
    await connection.close().catch(() => undefined);
  }
}

describe('a live comparison', () => {
  it('runs redis-streams and rabbitmq-classic in turn, every acked message consumed', async () => {
    const workload = checkWorkload({
      name: 'live-check',
      description: 'the runner on two real targets',
      messageSize: 128,
      producersPerTopic: 2,
      consumerPerSubscription: 2,
      producerRate: 400,
      warmupDurationSeconds: 1,
      testDurationSeconds: 2,
    });
    const samples: LabSample[] = [];
    const result = await runComparison({
      workload,
      targets: ['redis-streams', 'rabbitmq-classic'],
      addresses,
      journal: new RunJournal(journalDir),
      onSample: (s) => samples.push(s),
    });
    for (const t of result.targets) {
      expect(t.error, t.target).toBeUndefined();
      expect(t.status).toBe('completed');
      // 400/s for 2 s measured (the warm-up's ~400 are not in it).
      expect(t.publish.messages).toBeGreaterThan(600);
      expect(t.publish.messages).toBeLessThan(1000);
      // Deliveries in the measured window: those of the warm-up's last sends in, the drain's out.
      expect(Math.abs(t.consume.messages - t.publish.messages)).toBeLessThan(
        t.publish.messages * 0.1,
      );
      expect(t.losses).toBe(0);
      expect(t.duplicates).toBe(0);
      expect(t.endToEndLatency?.count).toBeGreaterThan(600);
      expect(t.resources.length, `${t.target}: broker process found`).toBe(1);
      expect(
        samples.filter((s) => s.target === t.target && s.phase === 'measure').length,
      ).toBeGreaterThan(0);
    }
    expect(result.targets.map((t) => t.resources[0]?.name)).toEqual([
      'redis-server',
      'rabbitmq (beam.smp)',
    ]);

    // Nothing left: keys, queues, the lease and the journal entry.
    const redis = new Redis(addresses.redisUrl);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `pg:${labRunId(result.id)}:*`, 'COUNT', 1000);
      expect(keys).toEqual([]);
      expect(await redis.exists(leaseKey(labRunId(result.id)))).toBe(0);
    } finally {
      redis.disconnect();
    }
    const names = labNames({
      comparisonId: result.id,
      target: 'rabbitmq-classic',
      broker: 'rabbitmq',
    });
    expect(await queueExists(addresses.amqpUrl, names.subscription(0, 0))).toBe(false);
    expect(readdirSync(journalDir)).toEqual([]);
  });
});
