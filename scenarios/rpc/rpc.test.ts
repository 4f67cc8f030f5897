import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import { rpcChecks } from './checks.ts';
import rpc from './scenario.ts';

describe('rpc on RabbitMQ', () => {
  it('times out every request the slow server takes, discards its late replies, matches the rest once', async () => {
    // Server 1 takes 5 + 1200 ms against a 500 ms timeout: each request it takes times out.
    const run = await runScenario(rpc, {
      durationSec: 4,
      params: { requestsPerSec: 200, slowServerDelayMs: 1200, timeoutMs: 500 },
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const { id } of rpcChecks) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }
    const requests = summaryOf(run, 'requests');
    expect(requests).toBeGreaterThan(500);
    // With prefetch 1 the slow server holds one request at a time: 4 s / 1.2 s ≈ 3, plus the
    // one it holds at the stop. The fast two share the rest.
    const slow = summaryOf(run, 'answered.s1');
    expect(slow).toBeGreaterThanOrEqual(2);
    expect(slow).toBeLessThanOrEqual(6);
    expect(summaryOf(run, 'answered.s2')).toBeGreaterThan(requests / 3);
    // The request it held at the stop may be answered in time: the drain skips the delay.
    const timeouts = summaryOf(run, 'timeouts');
    expect(timeouts).toBeGreaterThanOrEqual(slow - 1);
    expect(timeouts).toBeLessThanOrEqual(slow);
    expect(summaryOf(run, 'lateReplies')).toBe(timeouts);
    expect(summaryOf(run, 'replies') + summaryOf(run, 'timeouts')).toBe(requests);
    // A reply counted in time came within the timeout; the slow ones are not in the round trip.
    expect(summaryOf(run, 'rtt.max')).toBeLessThan(500);
    expect(summaryOf(run, 'rtt.p50')).toBeLessThan(50);
    expect(run.events.some((e) => e.message.startsWith('first timeout'))).toBe(true);
    expect(run.facts.requestQueueDepth).toBe(0);
    await expectGoneFromBrokers(run);
  });

  it('stops timing out once server 1 is made fast while the run goes', async () => {
    const run = await runScenario(rpc, {
      durationSec: 4,
      params: { clients: 1, servers: 2, slowServerDelayMs: 400, timeoutMs: 200 },
      onStart: (r) => setTimeout(() => r.updateParams({ slowServerDelayMs: 0 }), 1500),
    });
    expect(run.state).toBe('completed');
    for (const check of run.checks)
      expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
    expect(summaryOf(run, 'timeouts')).toBeGreaterThanOrEqual(2);
    // Server 1's last slow request was answered by 1.5 + 0.4 s; none times out after that.
    expect(rateBetween(run, 'timeouts', 2500, 3900)).toBe(0);
    expect(rateBetween(run, 'answered.s1', 2500, 3900)).toBeGreaterThan(30);
    await expectGoneFromBrokers(run);
  });
});
