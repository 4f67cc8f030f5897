import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import scenario from './scenario.ts';

// 150 msg/s (p2 21, p1 43, p0 86) against a consumer taking 100/s: the backlog grows by 50/s.
const LOAD = {
  levels: 3,
  mix: 'few-urgent',
  messagesPerSec: 150,
  workMs: 10,
  prefetch: 1,
} as const;

describe('priority-queue on RabbitMQ', () => {
  it('under a backlog the high priority overtakes the rest; a plain queue makes all wait alike', async () => {
    const priority = await runScenario(scenario, {
      durationSec: 3,
      params: { ...LOAD, priorityQueue: true },
    });
    expect(priority.state).toBe('completed');
    for (const id of ['every-message-accounted', 'high-priority-waits-less']) {
      const check = checkOf(priority, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }
    expect(Number(priority.facts.maxDepth)).toBeGreaterThan(50);
    // Priority 2 arrives at 21/s, far below capacity: it waits about one job's time.
    expect(summaryOf(priority, 'wait.p2.p50')).toBeLessThan(50);
    expect(summaryOf(priority, 'wait.p0.p50')).toBeGreaterThan(
      10 * summaryOf(priority, 'wait.p2.p50'),
    );
    expect(summaryOf(priority, 'wait.p1.p50')).toBeLessThan(summaryOf(priority, 'wait.p0.p50'));
    for (const p of [0, 1, 2]) {
      expect(summaryOf(priority, `delivered.p${p}`)).toBe(priority.facts[`confirmed.p${p}`]);
    }
    await expectGoneFromBrokers(priority);

    const plain = await runScenario(scenario, {
      durationSec: 3,
      params: { ...LOAD, priorityQueue: false },
    });
    expect(checkOf(plain, 'every-message-accounted').status).toBe('passed');
    expect(checkOf(plain, 'high-priority-waits-less').status).toBe('not-applicable');
    // First in, first out: the urgent wait behind the backlog like everyone else.
    const high = summaryOf(plain, 'wait.p2.p50');
    const low = summaryOf(plain, 'wait.p0.p50');
    expect(high).toBeGreaterThan(100);
    expect(high / low).toBeGreaterThan(0.5);
    expect(high / low).toBeLessThan(2);
    await expectGoneFromBrokers(plain);
  });
});
