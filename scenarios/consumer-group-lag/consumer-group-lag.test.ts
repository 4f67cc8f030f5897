import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../src/testing/index.ts';
import { runScenario } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import { capacityStory, countMembers, describeAssignment, groupCapacity } from './assignment.ts';
import { lagFromOffsets } from './lag.ts';
import consumerGroupLag from './scenario.ts';

const scenario = consumerGroupLag;

/** The run's topic and group must be gone from the broker once the run has ended. */
async function expectGoneFromBroker(run: FinishedRunView): Promise<void> {
  const kafka = new Kafka({
    clientId: 'consumer-group-lag-test',
    brokers: addressesFromEnv().kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    expect(run.resources.topics).toHaveLength(1);
    expect(run.resources.groups).toHaveLength(1);
    // Metadata follows a deletion within moments; allow for that, not for a leak.
    let topics: string[] = [];
    let groups: string[] = [];
    for (let attempt = 0; attempt < 15; attempt++) {
      topics = await admin.listTopics();
      groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      if (!run.resources.topics.some((t) => topics.includes(t))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const topic of run.resources.topics) expect(topics).not.toContain(topic);
    for (const group of run.resources.groups) expect(groups).not.toContain(group);
  } finally {
    await admin.disconnect();
  }
}

const valuesAround = (run: FinishedRunView, t: number): Record<string, number> => {
  const frame = run.frames.reduce((best, f) =>
    Math.abs(f.t - t) < Math.abs(best.t - t) ? f : best,
  );
  return frame.values;
};

describe('consumer-group-lag pieces', () => {
  it('computes lag as log end minus committed, from the log start where nothing is committed', () => {
    const reading = lagFromOffsets(
      3,
      [
        { partition: 0, high: '100', low: '0' },
        { partition: 1, high: '80', low: '10' },
        { partition: 2, high: '50', low: '0' },
      ],
      [
        { partition: 0, offset: '60' },
        { partition: 1, offset: '-1' },
        { partition: 2, offset: '50' },
      ],
    );
    expect(reading.perPartition).toEqual([40, 70, 0]);
    expect(reading.total).toBe(110);
    expect(reading.logEndTotal).toBe(220);
  });

  it('does the capacity arithmetic for an uneven assignment', () => {
    const members = [
      { name: 'consumer-1', partitions: [0, 1] },
      { name: 'consumer-2', partitions: [2] },
      { name: 'consumer-3', partitions: [3] },
      { name: 'consumer-4', partitions: [] },
      { name: 'consumer-5', partitions: undefined },
    ];
    // 150 / 4 = 37.5 per partition; a member handles 1000 / 20 = 50: 50 + 37.5 + 37.5 = 125.
    const capacity = groupCapacity(members, 150, 4, 20);
    expect(capacity.handled).toBe(125);
    expect(capacity.overloaded).toEqual(['consumer-1']);
    expect(countMembers(members)).toEqual({ active: 3, idle: 1 });
    expect(describeAssignment(members)).toBe('c1→[0,1] c2→[2] c3→[3] c4→[] c5→?');
    expect(capacityStory(members, 150, 4, 20)).toContain('lag grows by 25 msg/s');
  });
});

describe('consumer-group-lag on Kafka', () => {
  it('grows the lag Kafka reports when the group cannot keep up', async () => {
    // 200 msg/s against 2 members × 1000 / 20 = 100 msg/s: the lag grows by about 100 msg/s.
    const run = await runScenario(scenario, {
      durationSec: 6,
      params: { partitions: 4, producePerSec: 200, consumers: 2, processingMs: 20 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const check of run.checks) expect(check.passed, `${check.id}: ${check.detail}`).toBe(true);

    const s = run.summary;
    const produced = s.produced ?? 0;
    const consumed = s.consumed ?? 0;
    expect(produced).toBeGreaterThan(900);
    expect(produced).toBeLessThanOrEqual(1250);
    // Never more than the group's capacity: 100 msg/s for at most 6 s.
    expect(consumed).toBeLessThanOrEqual(600);
    expect(s.lag).toBe(run.facts.brokerLag);
    expect(run.facts.brokerLogEnd).toBe(produced);
    // Members commit what they processed before leaving, so the broker's lag is the difference.
    expect(s.lag).toBe(produced - Number(run.facts.brokerCommitted));
    expect(Math.abs((s.lag ?? 0) - (produced - consumed))).toBeLessThanOrEqual(2);
    expect(s.lag).toBeGreaterThan(400);
    expect(s.activeConsumers).toBe(2);
    expect(s.idleConsumers).toBe(0);
    expect(s.rebalances).toBeGreaterThanOrEqual(1);

    const early = valuesAround(run, 2000);
    const late = valuesAround(run, 5500);
    expect((late.lag ?? 0) - (early.lag ?? 0)).toBeGreaterThan(200);
    // The group's capacity is 2 × 1000 / 20 = 100 msg/s; it never consumes faster.
    const a = run.frames.find((f) => f.t >= 2000);
    const b = run.frames.findLast((f) => f.t <= 5800);
    const consumedRate =
      (((b?.values.consumed ?? 0) - (a?.values.consumed ?? 0)) * 1000) /
      ((b?.t ?? 1) - (a?.t ?? 0));
    expect(consumedRate).toBeLessThan(105);
    expect(consumedRate).toBeGreaterThan(60);
    const keys = Object.keys(run.frames.at(-1)?.values ?? {});
    for (const key of [
      'produced',
      'consumed',
      'rebalances',
      'lag',
      'lag.p0',
      'lag.p3',
      'activeConsumers',
      'idleConsumers',
      'produced.rate',
    ]) {
      expect(keys).toContain(key);
    }
    await expectGoneFromBroker(run);
  });

  it('rebalances when members join live, leaving those beyond the partition count idle', async () => {
    // 1 member on 2 partitions handles 50 of 100 msg/s; at 2.5 s two more join: one per
    // partition and 3 − 2 = 1 idle.
    const run = await runScenario(scenario, {
      durationSec: 6,
      params: { partitions: 2, producePerSec: 100, consumers: 1, processingMs: 20 },
      onStart: (r) => setTimeout(() => r.updateParams({ consumers: 3 }), 2500),
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const check of run.checks) expect(check.passed, `${check.id}: ${check.detail}`).toBe(true);
    const idleCheck = run.checks.find((c) => c.id === 'idle-members');
    expect(idleCheck?.detail).not.toMatch(/not applicable/);

    const s = run.summary;
    expect(s.idleConsumers).toBe(1);
    expect(s.activeConsumers).toBe(2);
    expect(s.rebalances).toBeGreaterThanOrEqual(2);
    expect(s.lag).toBe(run.facts.brokerLag);
    const before = valuesAround(run, 2400);
    expect(before.activeConsumers).toBe(1);
    expect(before.idleConsumers).toBe(0);
    expect(run.events.some((e) => /consumer-3 joined.*rebalance: c1→/.test(e.message))).toBe(true);
    await expectGoneFromBroker(run);
  });
});
