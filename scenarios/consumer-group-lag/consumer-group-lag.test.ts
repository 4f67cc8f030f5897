import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  framesBetween,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import { capacityStory, groupCapacity } from './capacity.ts';
import { factKeys } from './facts.ts';
import consumerGroupLag from './scenario.ts';

/** The last frame at or before `t`. */
const valuesAt = (run: FinishedRunView, t: number): Record<string, number> =>
  framesBetween(run, 0, t).at(-1)?.values ?? {};

describe('consumer-group-lag capacity', () => {
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
    expect(capacityStory(members, 150, 4, 20)).toContain('(c1 gets more than that)');
    expect(capacityStory(members, 150, 4, 20)).toContain('lag grows by 25 msg/s');
    expect(capacityStory(members.slice(0, 3), 100, 4, 10)).toContain('the group keeps up');
  });
});

describe('consumer-group-lag on Kafka', () => {
  it('grows the lag Kafka reports when the group cannot keep up', async () => {
    // 200 msg/s against 2 members × 1000 / 20 = 100 msg/s: the lag grows by about 100 msg/s.
    const run = await runScenario(consumerGroupLag, {
      durationSec: 6,
      params: { partitions: 4, producePerSec: 200, consumers: 2, processingMs: 20 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const id of ['lag-matches-broker', 'log-holds-what-was-produced']) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }
    expect(checkOf(run, 'idle-members').status).toBe('not-applicable');

    const produced = summaryOf(run, 'produced');
    const consumed = summaryOf(run, 'consumed');
    const lag = summaryOf(run, 'lag');
    expect(produced).toBeGreaterThan(900);
    expect(produced).toBeLessThanOrEqual(1250);
    // Never more than the group's capacity: 100 msg/s for at most 6 s.
    expect(consumed).toBeLessThanOrEqual(600);
    // The gauge ends on Kafka's final reading, and members commit what they processed before
    // leaving, so Kafka's lag is what the clients counted, give or take a redelivered record.
    expect(lag).toBe(run.facts.brokerLag);
    expect(lag).toBe(produced - Number(run.facts.brokerCommitted));
    expect(Math.abs(lag - (produced - consumed))).toBeLessThanOrEqual(2);
    expect(lag).toBeGreaterThan(400);
    // Round-robin: every partition got its share of the acknowledged records.
    for (let n = 0; n < 4; n++) {
      expect(Number(run.facts[factKeys.producerAcked(n)])).toBeGreaterThanOrEqual(
        Math.floor(produced / 4),
      );
    }
    expect(summaryOf(run, 'activeConsumers')).toBe(2);
    expect(summaryOf(run, 'idleConsumers')).toBe(0);
    expect(summaryOf(run, 'rebalances')).toBeGreaterThanOrEqual(1);

    expect((valuesAt(run, 5500).lag ?? 0) - (valuesAt(run, 2000).lag ?? 0)).toBeGreaterThan(200);
    // The group's capacity is 2 × 1000 / 20 = 100 msg/s; it never consumes faster.
    const consumedRate = rateBetween(run, 'consumed', 2000, 5800);
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
    await expectGoneFromBrokers(run);
  });

  it('rebalances when members join live, leaving those beyond the partition count idle', async () => {
    // 1 member on 2 partitions handles 50 of 100 msg/s; at 2.5 s two more join: one per
    // partition and 3 − 2 = 1 idle.
    const run = await runScenario(consumerGroupLag, {
      durationSec: 6,
      params: { partitions: 2, producePerSec: 100, consumers: 1, processingMs: 20 },
      onStart: (r) => setTimeout(() => r.updateParams({ consumers: 3 }), 2500),
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }

    expect(summaryOf(run, 'idleConsumers')).toBe(1);
    expect(summaryOf(run, 'activeConsumers')).toBe(2);
    expect(summaryOf(run, 'rebalances')).toBeGreaterThanOrEqual(2);
    expect(summaryOf(run, 'lag')).toBe(run.facts.brokerLag);
    const before = valuesAt(run, 2400);
    expect(before.activeConsumers).toBe(1);
    expect(before.idleConsumers).toBe(0);
    expect(run.events.some((e) => /consumer-3 joined.*rebalance: c1→/.test(e.message))).toBe(true);
    await expectGoneFromBrokers(run);
  });
});
