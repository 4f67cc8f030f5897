import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { expectGoneFromBrokers } from '../../testing/index.ts';
import { checkWorkload } from '../workload.ts';
import { findWorkload } from '../workloads.ts';
import { kafkaTarget } from './kafka.ts';
import { shortRun, testContext } from './target-test-kit.ts';

const shipped = (name: string) => {
  const w = findWorkload(name);
  if (w === undefined) throw new Error(`no shipped workload ${name}`);
  return w;
};

describe('kafka plan', () => {
  it('says acks=all equals acks=1 on one broker, and what fsync costs', () => {
    const plan = kafkaTarget.plan(shipped('durable'));
    expect(plan.unsupported).toBeUndefined();
    expect(plan.mapping.join('\n')).toMatch(/acks all → acks=-1/);
    expect(plan.mapping.join('\n')).toMatch(/flush\.messages=1/);
    expect(plan.cannot.join('\n')).toMatch(/replication factor 1/);
  });

  it('runs a backlog from the log, and says a non-persistent workload still writes it', () => {
    const plan = kafkaTarget.plan(shipped('backlog-drain'));
    expect(plan.unsupported).toBeUndefined();
    expect(plan.mapping.join('\n')).toMatch(/earliest offset/);
    const volatile = kafkaTarget.plan(shipped('tiny-max'));
    expect(volatile.cannot.join('\n')).toMatch(/persistent: false cannot be had/);
  });

  it('maps fan-out to one group per subscriber and names idle members', () => {
    const fanout = kafkaTarget.plan(shipped('fanout-8'));
    expect(fanout.mapping.join('\n')).toMatch(/8 consumer group\(s\) per topic/);
    const crowded = kafkaTarget.plan(
      checkWorkload({
        ...shipped('work-queue-slow'),
        partitionsPerTopic: 2,
      }),
    );
    expect(crowded.cannot.join('\n')).toMatch(/2 per group stay idle/);
  });

  it('sizes batches by message size', () => {
    expect(kafkaTarget.window(shipped('tiny-max')).batch).toBe(1000);
    expect(kafkaTarget.window(shipped('fixed-10k-16p')).batch).toBe(256);
  });
});

describe('kafka target, live', () => {
  it('delivers every acked message once to each group, with its latency, and leaves nothing', async () => {
    const workload = checkWorkload({
      name: 'kafka-live',
      description: '',
      partitionsPerTopic: 2,
      messageSize: 128,
      producersPerTopic: 2,
      subscriptionsPerTopic: 2,
      consumerPerSubscription: 2,
      producerRate: 2_000,
      keyDistributor: 'KEY_ROUND_ROBIN',
      testDurationSeconds: 2,
    });
    const ctx = testContext(workload, kafkaTarget);
    const run = await shortRun(kafkaTarget, ctx, { produceMs: 2_000 });

    expect(run.producers.every((p) => p.counts.errors === 0)).toBe(true);
    expect(run.acked).toBeGreaterThan(3_000);
    for (const sub of run.subscriptions) {
      expect(sub.missing).toBe(0);
      expect(sub.duplicates).toBe(0);
      expect(sub.received).toBe(run.acked);
      // Both members of the group took part: the two partitions went to one each.
      expect(sub.consumers.filter((c) => c.received > 0)).toHaveLength(2);
      const e2e = sub.consumers[0]?.endToEnd.summary();
      expect(e2e?.count).toBeGreaterThan(0);
      expect(e2e?.p50).toBeLessThan(500);
    }
    // Each producer keys round-robin: per partition its messages arrive in order.
    expect(run.subscriptions.every((s) => s.consumers.every((c) => c.outOfOrder === 0))).toBe(true);
    await expectGoneFromBrokers(
      {
        resources: {
          redisKeyPrefix: `pg:${ctx.names.runId}:`,
          queues: [],
          exchanges: [],
          topics: [ctx.names.topic(0)],
          groups: [ctx.names.subscription(0, 0), ctx.names.subscription(0, 1)],
        },
      },
      { withinMs: 5_000 },
    );
  }, 30_000);

  it('makes an fsync workload’s topics with flush.messages=1, and removes them', async () => {
    const ctx = testContext(shipped('durable'), kafkaTarget);
    const topic = ctx.names.topic(0);
    const admin = new Kafka({
      clientId: 'lab-test',
      brokers: ctx.addresses.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await kafkaTarget.setup(ctx);
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['flush.messages'] },
        ],
      });
      const entry = described.resources[0]?.configEntries.find(
        (e) => e.configName === 'flush.messages',
      );
      expect(entry?.configValue).toBe('1');
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(4);
    } finally {
      await kafkaTarget.teardown(ctx);
      await admin.disconnect();
    }
    await expectGoneFromBrokers(
      {
        resources: {
          redisKeyPrefix: `pg:${ctx.names.runId}:`,
          queues: [],
          exchanges: [],
          topics: [topic],
          groups: [],
        },
      },
      { withinMs: 5_000 },
    );
  }, 20_000);
});
