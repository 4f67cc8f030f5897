import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import scenario from './scenario.ts';

// Batches of 60 every second for 3 s; worker 1 takes 100 ms a job (10/s), workers 2 and 3
// take 10 ms (100/s each).
const LOAD = { workers: 3, jobsPerBatch: 60, batchEverySec: 1, workMs: 10, slowWorkMs: 100 };

const share = (run: FinishedRunView): number =>
  summaryOf(run, 'processed.w1') / Number(run.facts.processedCount);

function expectChecksPassed(run: FinishedRunView): void {
  expect(run.state).toBe('completed');
  for (const id of ['every-job-accounted', 'prefetch-respected']) {
    const check = checkOf(run, id);
    expect(check.status, `${id}: ${check.detail}`).toBe('passed');
  }
}

describe('work-queue on RabbitMQ', () => {
  it('prefetch 1 lets the work follow speed; a large prefetch deals it evenly and the slow worker holds the tail', async () => {
    const one = await runScenario(scenario, { durationSec: 3, params: { ...LOAD, prefetch: 1 } });
    expectChecksPassed(one);
    expect(Number(one.facts.confirmedCount)).toBe(180);
    // Worker 1 has 10 / 210 of the capacity, and about that share of the work.
    expect(share(one)).toBeLessThan(0.12);
    expect(one.facts['maxHeld.w1']).toBe(1);
    expect(one.facts.tailMs).toBeLessThan(400);
    expect(summaryOf(one, 'waitTime.p99')).toBeLessThan(700);
    await expectGoneFromBrokers(one);

    const twenty = await runScenario(scenario, {
      durationSec: 3,
      params: { ...LOAD, prefetch: 20 },
    });
    expectChecksPassed(twenty);
    // The first batch is dealt 20 / 20 / 20 whatever the speed.
    expect(Number(twenty.facts['received.w1'])).toBeGreaterThanOrEqual(20);
    expect(share(twenty)).toBeGreaterThan(2 * share(one));
    expect(twenty.facts['maxHeld.w1']).toBe(20);
    // Once publishing stops, worker 1 alone still has up to 20 × 100 ms of work.
    expect(twenty.facts.tailMs).toBeGreaterThan(1000);
    expect(summaryOf(twenty, 'waitTime.p99')).toBeGreaterThan(1500);
    expect(summaryOf(twenty, 'batchTime.max')).toBeGreaterThan(2 * summaryOf(one, 'batchTime.max'));
    expect(
      twenty.events.some((e) => e.message.startsWith('publishing stopped; worker 1 holds')),
    ).toBe(true);
    await expectGoneFromBrokers(twenty);
  });
});
