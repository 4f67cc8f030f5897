import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import { defaultPartition } from './murmur2.ts';
import { factKeys } from './order.ts';
import partitionsOrdering from './scenario.ts';

describe('partitions-ordering on Kafka', () => {
  it('keyed: every key on its murmur2 partition, in order; a hot key overloads one partition and member', async () => {
    // 400 records/s, half of them key-0; a member handles at most 1000 / 4 = 250 a second.
    const run = await runScenario(partitionsOrdering, {
      durationSec: 5,
      params: { partitions: 4, keys: 8, producePerSec: 400, hotKeyPct: 50, processingMs: 4 },
    });
    expect(run.error).toBeUndefined();
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    for (let i = 0; i < 8; i++) {
      expect(run.facts[factKeys.keyPartition(`key-${i}`)]).toBe(defaultPartition(`key-${i}`, 4));
    }
    expect(summaryOf(run, 'orderViolations')).toBe(0);
    const hot = defaultPartition('key-0', 4);
    const logEnds = [0, 1, 2, 3].map((n) => Number(run.facts[factKeys.logEnd(n)]));
    const total = logEnds.reduce((s, n) => s + n, 0);
    expect((logEnds[hot] ?? 0) / total).toBeGreaterThan(0.5);
    // 50% + 1/8 of the rest on one of 4 partitions: well above an even 25%.
    expect(summaryOf(run, 'skewPct')).toBeGreaterThan(80);
    // The hot partition's lag, from Kafka, outgrows the others'.
    const lags = [0, 1, 2, 3].map((n) => summaryOf(run, `lag.p${n}`));
    expect(lags[hot]).toBe(Math.max(...lags));
    expect(rateBetween(run, `produced.p${hot}`, 1500, 4500)).toBeGreaterThan(180);
    await expectGoneFromBrokers(run);
  });

  it('unkeyed: round-robin spreads every key, and the consumers see keys out of order', async () => {
    const run = await runScenario(partitionsOrdering, {
      durationSec: 4,
      params: { partitions: 4, keys: 8, producePerSec: 400, keyed: false, processingMs: 5 },
    });
    expect(run.error).toBeUndefined();
    expect(checkOf(run, 'per-key-order').status).toBe('not-applicable');
    expect(checkOf(run, 'log-holds-what-was-produced').status).toBe('passed');
    expect(summaryOf(run, 'orderViolations')).toBeGreaterThan(50);
    // Even spread: each partition within a record of a quarter.
    const acked = [0, 1, 2, 3].map((n) => Number(run.facts[factKeys.acked(n)]));
    expect(Math.max(...acked) - Math.min(...acked)).toBeLessThanOrEqual(1);
    await expectGoneFromBrokers(run);
  });
});
