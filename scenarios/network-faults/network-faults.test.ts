import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import networkFaults from './scenario.ts';

const completedWithoutFailures = (r: FinishedRunView): void => {
  expect(r.error).toBeUndefined();
  expect(r.state).toBe('completed');
  for (const check of r.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).not.toBe('failed');
  }
};

describe('network-faults', () => {
  it('defaults: 100 ms on Redis’s replies from 5 s to 10 s lifts the median by 100 ms and cuts the closed loop’s throughput', async () => {
    const r = await runScenario(networkFaults, { durationSec: 15, params: {} });
    completedWithoutFailures(r);
    for (const id of [
      'latency-rises-by-the-toxic',
      'throughput-follows-littles-law',
      'broker-holds-the-acknowledged',
    ]) {
      expect(checkOf(r, id).status, `${id}: ${checkOf(r, id).detail}`).toBe('passed');
    }
    expect(summaryOf(r, 'latencyBefore.p50')).toBeLessThan(20);
    expect(summaryOf(r, 'latencyFault.p50')).toBeGreaterThanOrEqual(100);
    // Four workers, 20 ms think: about 190 requests/s before, about 33 under 100 ms of latency,
    // back up once the toxic is lifted.
    const before = rateBetween(r, 'answered', 2000, 4800);
    const during = rateBetween(r, 'answered', 5500, 9800);
    const after = rateBetween(r, 'answered', 10_500, 14_500);
    expect(during).toBeLessThan(before / 3);
    expect(after).toBeGreaterThan(during * 3);
    expect(r.markers.filter((m) => m.kind === 'fault').length).toBeGreaterThanOrEqual(2);
    await expectGoneFromBrokers(r);
  }, 40_000);

  it('reset_peer on Kafka: the non-idempotent producer writes re-sent batches twice, the idempotent one never', async () => {
    const r = await runScenario(networkFaults, {
      durationSec: 11,
      params: {
        broker: 'kafka',
        toxic: 'reset_peer',
        timeoutMs: 300,
        latencyMs: 100,
        faultAtSec: 3,
        liftAtSec: 8,
      },
    });
    completedWithoutFailures(r);
    for (const id of [
      'nothing-lost',
      'idempotent-no-duplicates',
      'duplicates-are-resent-batches',
    ]) {
      expect(checkOf(r, id).status, `${id}: ${checkOf(r, id).detail}`).toBe('passed');
    }
    expect(summaryOf(r, 'retries')).toBeGreaterThan(0);
    expect(summaryOf(r, 'idempotentRetries')).toBeGreaterThan(0);
    expect(summaryOf(r, 'duplicates')).toBeGreaterThan(0);
    expect(summaryOf(r, 'idempotentDuplicates')).toBe(0);
    await expectGoneFromBrokers(r);
  }, 40_000);
});
