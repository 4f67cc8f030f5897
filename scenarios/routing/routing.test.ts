import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario, summaryOf } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import scenario from './scenario.ts';

const CHECKS = ['queues-match-the-rules', 'unroutable-accounted', 'one-copy-per-queue'];

const statuses = (run: FinishedRunView): Record<string, string> =>
  Object.fromEntries(CHECKS.map((id) => [id, checkOf(run, id).status]));

/** The broker's count into a queue, as its consumer saw it, against the rules' prediction. */
function expectQueue(run: FinishedRunView, id: string): number {
  const predicted = run.facts[`predicted.${id}`];
  expect(summaryOf(run, `routed.${id}`), id).toBe(predicted);
  expect(run.facts[`unexpected.${id}`], id).toBe(0);
  return Number(predicted);
}

describe('routing on RabbitMQ', () => {
  it('topic: wildcards route by words, a queue matched twice gets one copy, the rest is returned', async () => {
    const run = await runScenario(scenario, {
      durationSec: 2,
      params: { exchangeType: 'topic', messagesPerSec: 300, customPattern: '#.failed.#' },
    });
    expect(run.state).toBe('completed');
    expect(statuses(run)).toEqual(Object.fromEntries(CHECKS.map((id) => [id, 'passed'])));
    const confirmed = Number(run.facts.confirmedCount);
    expect(confirmed).toBeGreaterThan(300);
    // eu.# takes a third of the stream; *.order.* a third of the three-word keys only.
    expect(expectQueue(run, 'eu-all') / confirmed).toBeGreaterThan(0.25);
    expect(expectQueue(run, 'orders')).toBeLessThan(expectQueue(run, 'eu-all'));
    // #.failed.# also takes failed retries, which *.*.failed (alerts) misses.
    expectQueue(run, 'alerts');
    expect(expectQueue(run, 'custom')).toBeGreaterThan(0);
    expect(Number(run.facts.overlapping)).toBeGreaterThan(0);
    expect(summaryOf(run, 'unroutable')).toBe(run.facts.predictedUnroutable);
    expect(summaryOf(run, 'unroutable')).toBeGreaterThan(0);
    expect(run.events.some((e) => e.message.startsWith('RabbitMQ returned'))).toBe(true);
    await expectGoneFromBrokers(run);
  });

  it('headers: routes on header values, and the alternate exchange catches what matches nothing', async () => {
    const run = await runScenario(scenario, {
      durationSec: 2,
      params: {
        exchangeType: 'headers',
        unroutable: 'alternate-exchange',
        messagesPerSec: 300,
        customHeaders: 'all: region=us, event=created',
      },
    });
    expect(run.state).toBe('completed');
    expect(statuses(run)).toEqual({
      'queues-match-the-rules': 'passed',
      'unroutable-accounted': 'passed',
      // Each queue of the headers preset has one binding.
      'one-copy-per-queue': 'not-applicable',
    });
    const confirmed = Number(run.facts.confirmedCount);
    // all: region=us, event=created is one message in nine.
    const custom = expectQueue(run, 'custom');
    expect(custom / confirmed).toBeGreaterThan(0.05);
    expect(custom / confirmed).toBeLessThan(0.2);
    expectQueue(run, 'retries');
    expectQueue(run, 'eu-orders');
    expect(summaryOf(run, 'unroutable')).toBe(run.facts.predictedUnroutable);
    expect(summaryOf(run, 'unroutable')).toBeGreaterThan(0);
    expect(run.facts['depth.unrouted']).toBe(0);
    await expectGoneFromBrokers(run);
  });

  it('direct: whole keys only, * is just a character, and unroutable messages vanish unreported', async () => {
    const run = await runScenario(scenario, {
      durationSec: 2,
      params: { exchangeType: 'direct', unroutable: 'drop', messagesPerSec: 300 },
    });
    expect(run.state).toBe('completed');
    expect(statuses(run)).toEqual({
      'queues-match-the-rules': 'passed',
      'unroutable-accounted': 'not-applicable',
      'one-copy-per-queue': 'not-applicable',
    });
    // audit and eu-orders are both bound with eu.order.created: each gets its own copy.
    expect(expectQueue(run, 'audit')).toBeGreaterThan(0);
    expect(expectQueue(run, 'eu-orders')).toBeGreaterThan(expectQueue(run, 'audit'));
    expect(expectQueue(run, 'custom')).toBe(0);
    expect(summaryOf(run, 'unroutable')).toBe(0);
    expect(Number(run.facts.predictedUnroutable)).toBeGreaterThan(
      Number(run.facts.confirmedCount) / 2,
    );
    await expectGoneFromBrokers(run);
  });
});
