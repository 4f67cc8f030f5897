// One live run through a real nginx: the verdicts the clients counted agree with nginx's access
// log, the origin saw exactly what nginx forwarded, a live change reloads nginx without losing a
// count, the outage is served stale, and nginx (every worker too) is gone afterwards.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('counts nginx’s verdicts as its log does, reloads live, and serves stale through an outage', async () => {
  const run = await runScenario(scenario, {
    durationSec: 8,
    params: { ttlSec: 1, outageAtSec: 5, outageSec: 1.5, requestsPerSec: 250, originDelayMs: 40 },
    // Background updates off, live: expired entries now make their request wait (EXPIRED).
    onStart: (r) => setTimeout(() => r.updateParams({ backgroundUpdate: false }), 2500),
  });
  expect(run.state, run.error).toBe('completed');
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  }
  const s = (key: string): number => summaryOf(run, key);
  for (const status of ['HIT', 'MISS', 'EXPIRED', 'STALE', 'UPDATING', 'BYPASS']) {
    expect(s(`status.${status}`), status).toBeGreaterThan(0);
  }
  expect(run.events.some((e) => e.message.startsWith('nginx reloaded'))).toBe(true);
  // The cache saves the origin most of the load, and a hit does not wait for it.
  expect(s('status.HIT')).toBeGreaterThan(s('requests') / 2);
  expect(s('originRequests')).toBeLessThan(s('requests') / 4);
  expect(s('latency.EXPIRED.p50')).toBeGreaterThanOrEqual(40);
  expect(s('latency.UPDATING.p50')).toBeLessThan(40);
  expect(run.facts['outage.stale']).toBeGreaterThan(0);
  expect(run.facts['log.background']).toBeGreaterThan(0);

  const tree = String(run.facts['nginx.pids']).split(',').map(Number);
  expect(tree.length).toBeGreaterThanOrEqual(2);
  for (const pid of tree) expect(isAlive(pid), `nginx pid ${pid}`).toBe(false);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
  await expectGoneFromBrokers(run);
}, 30_000);
