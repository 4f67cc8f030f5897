import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import { jumpFact } from './facts.ts';
import retention from './scenario.ts';

describe('retention on Kafka', () => {
  it('deletes old segments past a slow consumer, which skips to the log start (earliest)', async () => {
    // 200 records/s in half-second segments kept 1 s; the consumer reads 20/s, so the log start
    // passes it within a few seconds.
    const run = await runScenario(retention, {
      durationSec: 7,
      params: { producePerSec: 200, consumerPerSec: 20, segmentMs: 500, retentionMs: 1000 },
    });
    expect(run.error).toBeUndefined();
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    const logStart = Number(run.facts.brokerLogStart);
    const skipped = summaryOf(run, 'skipped');
    expect(logStart).toBeGreaterThan(400);
    expect(Number(run.facts.jumps)).toBeGreaterThanOrEqual(1);
    // The first jump: from the consumer's committed offset straight to a log start.
    const from = Number(run.facts[jumpFact.from(1)]);
    const landed = Number(run.facts[jumpFact.landed(1)]);
    // kafkajs records its reset in the group: -2 means "earliest".
    expect(Number(run.facts[jumpFact.committedAt(1)])).toBe(-2);
    expect(landed).toBeGreaterThan(from);
    expect(String(run.facts.logStartsSeen).split(',').map(Number)).toContain(landed);
    expect(skipped).toBeGreaterThan(100);
    // Everything produced was either consumed, skipped, or still ahead of the consumer.
    expect(summaryOf(run, 'consumed') + skipped).toBeLessThanOrEqual(summaryOf(run, 'produced'));
    expect(summaryOf(run, 'position')).toBe(summaryOf(run, 'consumed') + skipped);
    await expectGoneFromBrokers(run);
  });

  it('with latest, a consumer that falls behind jumps to the log end', async () => {
    const run = await runScenario(retention, {
      durationSec: 6,
      params: {
        producePerSec: 200,
        consumerPerSec: 20,
        segmentMs: 500,
        retentionMs: 1000,
        reset: 'latest',
      },
    });
    expect(run.error).toBeUndefined();
    const check = checkOf(run, 'skipped-equals-gap');
    expect(check.status, check.detail).toBe('passed');
    const landed = Number(run.facts[jumpFact.landed(1)]);
    expect(landed).toBeGreaterThanOrEqual(Number(run.facts[jumpFact.logEndBefore(1)]));
    await expectGoneFromBrokers(run);
  });
});
