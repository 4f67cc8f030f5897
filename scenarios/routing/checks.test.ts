// Each check on made-up numbers: it fails when the broker's side and the rules disagree, and
// says not applicable, never passed, when the params or the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { resolveParams } from '../src/sdk/params.ts';
import { routingChecks } from './checks.ts';
import { routingParams } from './params.ts';
import type { RoutingParams } from './params.ts';

const queueFacts = (id: string, predicted: number): RunFacts => ({
  [`predicted.${id}`]: predicted,
  [`received.${id}`]: predicted,
  [`missing.${id}`]: 0,
  [`unexpected.${id}`]: 0,
  [`duplicates.${id}`]: 0,
  [`depth.${id}`]: 0,
});

/** A consistent topic run: 100 confirmed, 20 returned as the rules predict. */
function run(facts: RunFacts = {}, p: Partial<RoutingParams> = {}): FinishedRun<RoutingParams> {
  return {
    params: resolveParams(routingParams, p),
    summary: {},
    facts: {
      ...queueFacts('eu-all', 33),
      ...queueFacts('alerts', 40),
      ...queueFacts('orders', 25),
      ...queueFacts('custom', 30),
      predictedUnroutable: 20,
      reportedUnroutable: 20,
      missingUnroutable: 0,
      unexpectedUnroutable: 0,
      overlapping: 5,
      duplicates: 0,
      confirmedCount: 100,
      ...facts,
    },
    durationMs: 4000,
  };
}

const status = (id: string, r: FinishedRun<RoutingParams>): string => {
  const check = routingChecks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
};

describe('routing checks', () => {
  it('pass on consistent numbers', () => {
    for (const check of routingChecks) expect(status(check.id, run()), check.id).toBe('passed');
  });

  it('fail when a queue lacks a predicted message RabbitMQ no longer holds', () => {
    expect(status('queues-match-the-rules', run({ 'missing.alerts': 3, 'depth.alerts': 1 }))).toBe(
      'failed',
    );
    // Late, not lost: the three are still in the queue.
    expect(status('queues-match-the-rules', run({ 'missing.alerts': 3, 'depth.alerts': 3 }))).toBe(
      'passed',
    );
  });

  it('fail when a queue got a message the rules do not send it, or one twice', () => {
    expect(status('queues-match-the-rules', run({ 'unexpected.orders': 1 }))).toBe('failed');
    expect(status('queues-match-the-rules', run({ 'duplicates.custom': 2 }))).toBe('failed');
    expect(status('one-copy-per-queue', run({ duplicates: 2 }))).toBe('failed');
  });

  it('fail when the returns or the alternate exchange disagree with the rules', () => {
    expect(status('unroutable-accounted', run({ missingUnroutable: 2 }))).toBe('failed');
    expect(status('unroutable-accounted', run({ unexpectedUnroutable: 1 }))).toBe('failed');
    const ae = { unroutable: 'alternate-exchange' } as const;
    expect(
      status('unroutable-accounted', run({ missingUnroutable: 2, 'depth.unrouted': 2 }, ae)),
    ).toBe('passed');
    expect(
      status('unroutable-accounted', run({ missingUnroutable: 2, 'depth.unrouted': 0 }, ae)),
    ).toBe('failed');
  });

  it('fail when the final count is missing', () => {
    expect(status('queues-match-the-rules', run({ 'depth.orders': 'n/a' }))).toBe('failed');
    const { confirmedCount: _, ...rest } = run().facts;
    expect(status('queues-match-the-rules', { ...run(), facts: rest })).toBe('failed');
  });

  it('are not applicable when nothing was confirmed, drops are silent, or no bindings overlap', () => {
    expect(status('queues-match-the-rules', run({ confirmedCount: 0 }))).toBe('not-applicable');
    expect(status('unroutable-accounted', run({}, { unroutable: 'drop' }))).toBe('not-applicable');
    expect(status('one-copy-per-queue', run({ overlapping: 0 }))).toBe('not-applicable');
  });
});
