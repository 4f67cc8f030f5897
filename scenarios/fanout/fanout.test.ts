import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import { addressesFromEnv } from '../src/testing/index.ts';
import { runScenario } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import { resolveParams } from '../src/sdk/params.ts';
import { decodeMessage, encodeMessage } from './message.ts';
import fanout from './scenario.ts';
import { SeenSet } from './seen-set.ts';

const scenario = fanout;

/** Every queue and exchange the run registered must be gone from the broker. */
async function expectGoneFromBroker(run: FinishedRunView): Promise<void> {
  const connection = await amqp.connect(addressesFromEnv().amqpUrl);
  connection.on('error', () => undefined);
  try {
    const check = async (probe: (ch: amqp.Channel) => Promise<unknown>): Promise<void> => {
      // A failed passive declare closes its channel, so each probe gets a throwaway one.
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(probe(channel)).rejects.toThrow(/404|NOT_FOUND/);
    };
    for (const queue of run.resources.queues) await check((ch) => ch.checkQueue(queue));
    for (const exchange of run.resources.exchanges) await check((ch) => ch.checkExchange(exchange));
  } finally {
    await connection.close();
  }
}

const frameValues = (run: FinishedRunView, from: number, to: number): Record<string, number>[] =>
  run.frames.filter((f) => f.t >= from && f.t <= to).map((f) => f.values);

/** A counter's average rate between two moments of the run, from the frames' totals. */
function rateBetween(run: FinishedRunView, key: string, from: number, to: number): number {
  const a = run.frames.find((f) => f.t >= from);
  const b = run.frames.findLast((f) => f.t <= to);
  if (a === undefined || b === undefined || b.t <= a.t)
    throw new Error(`no frames in ${from}-${to}`);
  return (((b.values[key] ?? 0) - (a.values[key] ?? 0)) * 1000) / (b.t - a.t);
}

describe('fanout pieces', () => {
  it('SeenSet marks each sequence once, grows, and counts what another set has that it lacks', () => {
    const seen = new SeenSet(8);
    expect(seen.add(3)).toBe(true);
    expect(seen.add(3)).toBe(false);
    expect(seen.add(100_000)).toBe(true);
    expect(seen.has(100_000)).toBe(true);
    expect(seen.has(99_999)).toBe(false);
    expect(seen.size).toBe(2);
    const owed = new SeenSet();
    for (let seq = 0; seq < 20; seq++) owed.add(seq);
    expect(seen.missingFrom(owed)).toBe(19);
  });

  it('messages carry their sequence and send time, padded to the asked size', () => {
    const body = encodeMessage(42, 1_700_000_000_123.5, 256);
    expect(body.length).toBe(256);
    expect(decodeMessage(body)).toEqual({ seq: 42, sentAtMs: 1_700_000_000_123.5 });
    expect(decodeMessage(Buffer.alloc(4))).toBeUndefined();
  });

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
});

describe('fanout on RabbitMQ', () => {
  it('delivers every confirmed message to every subscriber once while the slow queue backs up', async () => {
    // 200 msg/s against subscriber 1's 1000 / 10 = 100 msg/s: queue 1 grows by about 100/s.
    const run = await runScenario(scenario, {
      durationSec: 5,
      params: { subscribers: 3, messagesPerSec: 200, slowSubscriberDelayMs: 10, prefetch: 5 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const check of run.checks) expect(check.passed, `${check.id}: ${check.detail}`).toBe(true);

    const s = run.summary;
    const confirmed = s.confirmed ?? 0;
    // The load phase is 5 s minus connection setup: at 200/s, between 700 and 1,000 messages.
    expect(confirmed).toBeGreaterThan(700);
    expect(confirmed).toBeLessThanOrEqual(1000);
    expect(s.published).toBe(confirmed);
    expect(s.delivered).toBe(confirmed * 3);
    for (const i of [1, 2, 3]) expect(s[`delivered.s${i}`]).toBe(confirmed);
    expect(s.lost).toBe(0);
    expect(s.duplicates).toBe(0);
    expect(run.facts.finalQueueDepthTotal).toBe(0);
    expect(run.facts.confirmedCount).toBe(confirmed);

    // While loaded, subscriber 1 is held to ~100 msg/s and only its queue grows.
    expect(rateBetween(run, 'delivered.s1', 1500, 4500)).toBeLessThan(110);
    expect(rateBetween(run, 'delivered.s2', 1500, 4500)).toBeGreaterThan(160);
    const loaded = frameValues(run, 1500, 4800);
    expect(loaded.length).toBeGreaterThan(8);
    for (const v of loaded) {
      expect(v['queueDepth.s2']).toBeLessThan(50);
      expect(v['queueDepth.s3']).toBeLessThan(50);
    }
    const depth1 = loaded.map((v) => v['queueDepth.s1'] ?? 0);
    expect(Math.max(...depth1)).toBeGreaterThan(150);

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
    expect(s['e2eLatency.p50']).toBeLessThan(50);
    expect(s['e2eLatency.max']).toBeGreaterThan(500);
    expect(run.events.some((e) => e.message.includes('sped up'))).toBe(true);

    await expectGoneFromBroker(run);
  });

  it('follows a live change of the slow subscriber, with persistent messages', async () => {
    const run = await runScenario(scenario, {
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
    for (const check of run.checks) expect(check.passed, `${check.id}: ${check.detail}`).toBe(true);
    const before = frameValues(run, 1500, 2000).map((v) => v['queueDepth.s1'] ?? 0);
    expect(Math.max(...before)).toBeGreaterThan(50);
    const after = frameValues(run, 3500, 4800).map((v) => v['queueDepth.s1'] ?? 0);
    expect(Math.max(...after)).toBeLessThan(20);
    expect(run.summary.delivered).toBe((run.summary.confirmed ?? 0) * 2);
    expect(run.events.some((e) => e.message.includes('now acks at once'))).toBe(true);
    await expectGoneFromBroker(run);
  });
});
