import { describe, expect, it } from 'vitest';
import { expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import scenario from './scenario.ts';

describe('dead-letter on RabbitMQ', () => {
  it('dead-letters by reject, TTL and overflow, retries through the delay and parks after N attempts', async () => {
    // 150 msg/s plus retries against a 100 msg/s worker: the queue of 60 fills (overflow), and
    // a message waits ~0.3 s, past the 150 ms TTL (expiry). 30% fail, so 2 attempts park ~9%.
    const run = await runScenario(scenario, {
      durationSec: 3,
      params: {
        messagesPerSec: 150,
        processingMs: 10,
        maxLength: 60,
        ttlShare: 0.3,
        messageTtlMs: 150,
        failureRate: 0.3,
        poisonRate: 0.05,
        maxAttempts: 2,
        retryDelayMs: 200,
      },
    });
    expect(run.state).toBe('completed');
    for (const check of run.checks) {
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    }
    for (const reason of ['rejected', 'expired', 'maxlen']) {
      expect(summaryOf(run, `dead.${reason}`), reason).toBeGreaterThan(0);
    }
    expect(summaryOf(run, 'retried')).toBeGreaterThan(10);
    expect(summaryOf(run, 'parked')).toBeGreaterThan(0);
    // RabbitMQ's queues hold exactly what x-death names, and the parking lot what was parked.
    const dead = ['rejected', 'expired', 'maxlen'].reduce(
      (n, r) => n + summaryOf(run, `dead.${r}`),
      0,
    );
    expect(run.facts['finalDepth.dead']).toBe(dead);
    expect(run.facts['finalDepth.parked']).toBe(summaryOf(run, 'parked'));
    expect(summaryOf(run, 'processed') + dead + summaryOf(run, 'parked')).toBe(
      summaryOf(run, 'confirmed'),
    );
    await expectGoneFromBrokers(run);
  });
});
