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
import { resolveParams } from '../src/sdk/params.ts';
import { fanoutChecks } from './checks.ts';
import fanout from './scenario.ts';

const depthsOf = (run: FinishedRunView, key: string, from: number, to: number): number[] =>
  framesBetween(run, from, to).map((f) => f.values[key] ?? 0);

const CHECK_IDS = fanoutChecks.map((c) => c.id);

describe('fanout definition', () => {
  it('declares every key the topology draws, with defaults and bounds on every param', () => {
    const params = resolveParams(fanout.params, { subscribers: 4 });
    const declared = fanout.metrics.map((m) => m.key.replace('{i}', '1'));
    for (const node of fanout.topology(params).nodes) {
      if (node.metric) expect(declared).toContain(node.metric.replace(/s\d+$/, 's1'));
    }
    for (const [field, schema] of Object.entries(fanout.params.properties)) {
      expect(schema.default, field).toBeDefined();
      expect(schema.description, field).toBeTruthy();
    }
    expect(fanout.topology(params).nodes.filter((n) => n.kind === 'queue')).toHaveLength(4);
  });

  it('fails the delivery checks when a subscriber lacks what RabbitMQ confirmed, and says so', () => {
    const run = {
      params: resolveParams(fanout.params, { subscribers: 2 }),
      durationMs: 5000,
      summary: { confirmed: 100, delivered: 190, 'delivered.s1': 90, 'delivered.s2': 100 },
      facts: {
        confirmedCount: 100,
        publishedCount: 100,
        redelivered: 0,
        'missing.s1': 10,
        'missing.s2': 0,
        // RabbitMQ still holds 4 of subscriber 1's 10: those are late, the other 6 are lost.
        'finalQueueDepth.s1': 4,
        'finalQueueDepth.s2': 0,
        finalQueueDepthTotal: 4,
      },
    };
    const verdicts = Object.fromEntries(fanoutChecks.map((c) => [c.id, c.evaluate(run)]));
    expect(verdicts['every-subscriber-every-message']?.passed).toBe(false);
    expect(verdicts['nothing-lost']).toMatchObject({ passed: false });
    expect(verdicts['nothing-lost']?.detail).toContain('so 6 lost');
    expect(verdicts['broker-queues-empty']?.passed).toBe(false);
    expect(verdicts['no-duplicates']?.passed).toBe(true);
  });
});

describe('fanout on RabbitMQ', () => {
  it('delivers every confirmed message to every subscriber once while the slow queue backs up', async () => {
    // 200 msg/s against subscriber 1's 1000 / 10 = 100 msg/s: queue 1 grows by about 100/s.
    const run = await runScenario(fanout, {
      durationSec: 5,
      params: { subscribers: 3, messagesPerSec: 200, slowSubscriberDelayMs: 10, prefetch: 5 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const id of CHECK_IDS) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }

    const confirmed = summaryOf(run, 'confirmed');
    // The load phase is 5 s minus connection setup: at 200/s, between 700 and 1,000 messages.
    expect(confirmed).toBeGreaterThan(700);
    expect(confirmed).toBeLessThanOrEqual(1000);
    expect(summaryOf(run, 'published')).toBe(confirmed);
    expect(summaryOf(run, 'delivered')).toBe(confirmed * 3);
    for (const i of [1, 2, 3]) expect(summaryOf(run, `delivered.s${i}`)).toBe(confirmed);
    expect(summaryOf(run, 'lost')).toBe(0);
    expect(summaryOf(run, 'duplicates')).toBe(0);
    expect(run.facts.finalQueueDepthTotal).toBe(0);
    expect(run.facts.confirmedCount).toBe(confirmed);
    expect(run.facts.redelivered).toBe(0);

    // While loaded, subscriber 1 is held to ~100 msg/s and only its queue grows.
    expect(rateBetween(run, 'delivered.s1', 1500, 4500)).toBeLessThan(110);
    expect(rateBetween(run, 'delivered.s2', 1500, 4500)).toBeGreaterThan(160);
    const loaded = framesBetween(run, 1500, 4800);
    expect(loaded.length).toBeGreaterThan(8);
    for (const { values } of loaded) {
      expect(values['queueDepth.s2']).toBeLessThan(50);
      expect(values['queueDepth.s3']).toBeLessThan(50);
    }
    expect(Math.max(...depthsOf(run, 'queueDepth.s1', 1500, 4800))).toBeGreaterThan(150);

    const keys = Object.keys(run.frames.at(-1)?.values ?? {});
    for (const key of [
      'published',
      'confirmed',
      'delivered',
      'delivered.s1',
      'delivered.s3',
      'duplicates',
      'lost',
      'queueDepth.s1',
      'queueDepth.s3',
      'published.rate',
    ]) {
      expect(keys).toContain(key);
    }
    expect(run.frames.some((f) => f.values['e2eLatency.p99'] !== undefined)).toBe(true);
    // Queue 1's messages waited behind its backlog; the fast queues' did not.
    expect(summaryOf(run, 'e2eLatency.p50')).toBeLessThan(50);
    expect(summaryOf(run, 'e2eLatency.max')).toBeGreaterThan(500);
    expect(run.events.some((e) => e.message.includes('sped up'))).toBe(true);

    await expectGoneFromBrokers(run);
  });

  it('follows a live change of the slow subscriber, with persistent messages', async () => {
    const run = await runScenario(fanout, {
      durationSec: 5,
      params: {
        subscribers: 2,
        messagesPerSec: 150,
        slowSubscriberDelayMs: 20,
        persistent: true,
        messageSize: 1024,
      },
      // From 50 msg/s to unthrottled after 2 s: queue 1's backlog drains while the load runs.
      onStart: (r) => setTimeout(() => r.updateParams({ slowSubscriberDelayMs: 0 }), 2000),
    });
    expect(run.state).toBe('completed');
    for (const check of run.checks)
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    expect(Math.max(...depthsOf(run, 'queueDepth.s1', 1500, 2000))).toBeGreaterThan(50);
    expect(Math.max(...depthsOf(run, 'queueDepth.s1', 3500, 4800))).toBeLessThan(20);
    expect(summaryOf(run, 'delivered')).toBe(summaryOf(run, 'confirmed') * 2);
    expect(run.events.some((e) => e.message.includes('now acks at once'))).toBe(true);
    await expectGoneFromBrokers(run);
  });

  it('owes nothing when the publisher is paused, so the delivery checks do not apply', async () => {
    const run = await runScenario(fanout, {
      durationSec: 1,
      params: { subscribers: 1, messagesPerSec: 0 },
    });
    expect(run.state).toBe('completed');
    expect(summaryOf(run, 'published')).toBe(0);
    for (const id of CHECK_IDS) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('not-applicable');
      expect(check.passed).toBe(false);
    }
    await expectGoneFromBrokers(run);
  });
});
