import { describe, expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  isAlive,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { Run } from '../src/testing/index.ts';
import { apiGatewayChecks } from './checks.ts';
import apiGateway from './scenario.ts';

describe('api-gateway on the shop', () => {
  it('refuses bad tokens and a greedy user at the edge, stores and delivers every order, traces one across the brokers, and leaves no process behind', async () => {
    const pids: number[] = [];
    let limitRaisedMs: number | undefined;
    const watch = (run: Run): void => {
      // A second after the first 429, raise the limit above the greedy user's rate: its 429s
      // must stop. (Timed from the run's own frames: the start-up takes 3–6 s of the duration.)
      run.on('frame', (frame) => {
        if (pids.length > 0 || (frame.values['rejected.rate'] ?? 0) === 0) return;
        for (const node of run.faults.view().nodes) pids.push(node.pid);
        setTimeout(() => {
          limitRaisedMs = run.elapsedMs();
          run.updateParams({ rateLimitPerSec: 200 });
        }, 1_000);
      });
    };
    const run = await runScenario(apiGateway, {
      durationSec: 13,
      params: { orderPercent: 20, badTokenPercent: 10 },
      onStart: watch,
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    for (const { id } of apiGatewayChecks) {
      const check = checkOf(run, id);
      expect(check.status, `${id}: ${check.detail}`).toBe('passed');
    }
    expect(summaryOf(run, 'served')).toBeGreaterThan(150);
    expect(summaryOf(run, 'rejected.auth')).toBeGreaterThan(0);
    expect(summaryOf(run, 'rejected.rate')).toBeGreaterThan(0);
    expect(summaryOf(run, 'orders')).toBeGreaterThan(5);
    expect(summaryOf(run, 'errors')).toBe(0);
    // The new limit reached the gateway's bucket: 429s stop within a moment of the change.
    expect(limitRaisedMs).toBeDefined();
    expect(limitRaisedMs).toBeLessThan(12_000);
    expect(rateBetween(run, 'rejected.rate', (limitRaisedMs ?? 0) + 750, 13_000)).toBe(0);
    expect(summaryOf(run, 'spans')).toBeGreaterThan(100);
    expect(pids.length).toBe(6);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    await expectGoneFromBrokers(run);
  });
});
