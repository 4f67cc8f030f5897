import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import scenario from './scenario.ts';

// 200 msg/s against 2 consumers at 15 ms (2 × 67 = 133 msg/s), a crash every second: the
// consumers always hold something when one dies.
const params = {
  messagesPerSec: 200,
  consumers: 2,
  processingMs: 15,
  prefetch: 10,
  crashEverySec: 1,
};

describe('acks-redelivery on RabbitMQ', () => {
  it('manual ack: crashes requeue what was unacked, RabbitMQ redelivers it, nothing is lost', async () => {
    const run = await runScenario(scenario, {
      durationSec: 3.5,
      params: { ...params, ackMode: 'manual' },
    });
    expect(run.state).toBe('completed');
    for (const check of run.checks)
      expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
    expect(checkOf(run, 'manual-ack-loses-nothing').status).toBe('passed');
    expect(checkOf(run, 'redelivered-are-the-unacked').status).toBe('passed');
    expect(run.facts.crashes).toBeGreaterThanOrEqual(2);
    // Each crash catches a full prefetch window: the queue is backed up.
    expect(summaryOf(run, 'requeued')).toBeGreaterThanOrEqual(15);
    expect(summaryOf(run, 'redelivered')).toBe(summaryOf(run, 'requeued'));
    expect(summaryOf(run, 'duplicates')).toBe(summaryOf(run, 'requeued'));
    expect(summaryOf(run, 'lost')).toBe(0);
    expect(run.facts.unprocessed).toBe(0);
    expect(summaryOf(run, 'processed')).toBe(summaryOf(run, 'confirmed'));
    expect(run.markers.filter((m) => m.label.includes('crashed')).length).toBe(run.facts.crashes);
    await expectGoneFromBrokers(run);
  });

  it('auto ack: crashes lose what the consumers held, and nothing comes back', async () => {
    const run = await runScenario(scenario, {
      durationSec: 3.5,
      params: { ...params, ackMode: 'auto' },
    });
    expect(run.state).toBe('completed');
    expect(checkOf(run, 'auto-ack-loses-what-was-in-flight').status).toBe('passed');
    expect(checkOf(run, 'redelivered-are-the-unacked').status).toBe('passed');
    expect(checkOf(run, 'manual-ack-loses-nothing').status).toBe('not-applicable');
    // The backlog sits in the consumers, not RabbitMQ: more than a prefetch window per crash.
    const lost = summaryOf(run, 'lost');
    expect(lost).toBeGreaterThan(20);
    expect(run.facts.unprocessed).toBe(lost);
    expect(summaryOf(run, 'processed')).toBe(summaryOf(run, 'confirmed') - lost);
    expect(summaryOf(run, 'redelivered')).toBe(0);
    expect(summaryOf(run, 'duplicates')).toBe(0);
    await expectGoneFromBrokers(run);
  });
});
