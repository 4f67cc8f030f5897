import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import logAggregation from './scenario.ts';

const allPassed = (run: Awaited<ReturnType<typeof runScenario>>): void => {
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('completed');
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  }
};

describe('log-aggregation on Kafka', () => {
  it('counts windows per service and level as the services tallied, late events corrected', async () => {
    // Billing fails from about 1.5 s; a fifth of the events arrive up to 1.2 s late, past a
    // 200 ms grace.
    const run = await runScenario(logAggregation, {
      durationSec: 4,
      params: { services: 3, eventsPerSec: 400, latePct: 20, maxDelayMs: 1200, graceMs: 200 },
      onStart: (r) => setTimeout(() => r.updateParams({ failingService: 3 }), 1500),
    });
    allPassed(run);
    expect(Number(run.facts['results.events'])).toBe(Number(run.facts['tally.events']));
    expect(Number(run.facts['tally.events'])).toBeGreaterThan(1000);
    expect(summaryOf(run, 'windows')).toBeGreaterThanOrEqual(3);
    // Every late event corrected its window: one more result each.
    expect(summaryOf(run, 'late')).toBeGreaterThan(10);
    expect(summaryOf(run, 'corrections')).toBe(summaryOf(run, 'late'));
    expect(summaryOf(run, 'dropped')).toBe(0);
    // A failing billing writes far more errors per window than a healthy api.
    expect(summaryOf(run, 'errors.billing')).toBeGreaterThan(10);
    expect(summaryOf(run, 'errors.billing')).toBeGreaterThan(3 * summaryOf(run, 'errors.api') + 5);
    await expectGoneFromBrokers(run);
  });

  it('drops late events under the drop policy: the results undercount by exactly the drops', async () => {
    const run = await runScenario(logAggregation, {
      durationSec: 3,
      params: { latePolicy: 'drop', latePct: 20, maxDelayMs: 1200, graceMs: 0 },
    });
    allPassed(run);
    const dropped = Number(run.facts['dropped.events']);
    expect(dropped).toBeGreaterThan(10);
    expect(summaryOf(run, 'dropped')).toBe(dropped);
    expect(Number(run.facts['results.events']) + dropped).toBe(Number(run.facts['tally.events']));
    expect(summaryOf(run, 'corrections')).toBe(0);
    await expectGoneFromBrokers(run);
  });

  it('sees no late event when the grace outlasts the longest delay', async () => {
    const run = await runScenario(logAggregation, {
      durationSec: 3,
      params: { latePct: 30, maxDelayMs: 800, graceMs: 1500 },
    });
    allPassed(run);
    expect(summaryOf(run, 'late')).toBe(0);
    expect(checkOf(run, 'windows-match-tallies').status).toBe('passed');
    await expectGoneFromBrokers(run);
  });
});
