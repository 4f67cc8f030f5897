import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  framesBetween,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import { QUEUE_TYPES } from './metrics.ts';
import queueTypes from './scenario.ts';

describe('queue-types on RabbitMQ', () => {
  it('delivers the same load through all three, quorum and stream slower than classic, and replays the stream', async () => {
    const run = await runScenario(queueTypes, {
      durationSec: 4,
      params: { messagesPerSec: 300, replayFromOffset: 100 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const check of run.checks)
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');

    // The same offered load: each lane has its own pacer at 300/s, so a busy moment can leave
    // one a few messages behind another when the load stops (CI saw 1,164 against 1,182).
    // What each lane's publisher got confirmed, its consumer received, exactly.
    const confirmed = summaryOf(run, 'confirmed.classic');
    expect(confirmed).toBeGreaterThan(900);
    for (const type of QUEUE_TYPES) {
      const own = summaryOf(run, `confirmed.${type}`);
      expect(Math.abs(own - confirmed), type).toBeLessThanOrEqual(confirmed * 0.05);
      expect(summaryOf(run, `throughput.${type}`), type).toBe(own);
    }
    // Classic hands a message on as it arrives; quorum and stream only once it is committed
    // to their log on disk.
    const classic = summaryOf(run, 'latency.classic.p50');
    expect(summaryOf(run, 'latency.quorum.p50')).toBeGreaterThan(classic);
    expect(summaryOf(run, 'latency.stream.p50')).toBeGreaterThan(classic);

    // The replay attached at 2 s and read offsets 100 … end, its history far faster than live.
    expect(summaryOf(run, 'replayed')).toBe(summaryOf(run, 'confirmed.stream') - 100);
    expect(run.facts.replayFirstOffset).toBe(100);
    const attached = run.markers.find((m) => m.label.startsWith('a replay consumer'));
    expect(attached).toBeDefined();
    const at = attached?.t ?? 0;
    expect(rateBetween(run, 'replayed', at - 250, at + 500)).toBeGreaterThan(3 * 300);
    // RabbitMQ's own count: the classic and quorum queues drain as fast as they fill.
    const loaded = framesBetween(run, 1000, 4000);
    expect(Math.max(...loaded.map((f) => f.values['held.classic'] ?? 0))).toBeLessThan(100);
    expect(Math.max(...loaded.map((f) => f.values['held.quorum'] ?? 0))).toBeLessThan(100);
    await expectGoneFromBrokers(run);
  });

  it('has nothing to replay when the offset lies beyond what the stream reached', async () => {
    const run = await runScenario(queueTypes, {
      durationSec: 2,
      params: { messagesPerSec: 100, replayFromOffset: 100_000 },
    });
    expect(run.state).toBe('completed');
    expect(checkOf(run, 'replay-from-offset').status).toBe('not-applicable');
    expect(summaryOf(run, 'replayed')).toBe(0);
    expect(checkOf(run, 'every-confirmed-message-consumed').status).toBe('passed');
    await expectGoneFromBrokers(run);
  });
});
