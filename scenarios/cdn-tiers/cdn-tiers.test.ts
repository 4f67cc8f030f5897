// One live run of the CDN: every tier's log agrees with what the clients read from the headers,
// answers get slower the further they came from, a new version reaches every edge within what the
// TTLs allow, and every nginx (workers too) is gone afterwards.
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

it('hit ratio per tier as the logs say, latency by distance and tier, a version spreading', async () => {
  const run = await runScenario(scenario, { durationSec: 8, params: { bumpEverySec: 2 } });
  expect(run.state, run.error).toBe('completed');
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  }
  const s = (key: string): number => summaryOf(run, key);
  for (const tier of ['edge', 'shield', 'origin'])
    expect(s(`servedBy.${tier}`), tier).toBeGreaterThan(0);
  expect(s('servedBy.edge')).toBeGreaterThan(s('servedBy.shield'));
  expect(s('servedBy.shield')).toBeGreaterThan(s('servedBy.origin'));
  // Further is slower: by edge for the same cached answer, and by tier.
  expect(s('edgeHitLatency.e1.p50')).toBeLessThan(s('edgeHitLatency.e2.p50'));
  expect(s('edgeHitLatency.e2.p50')).toBeLessThan(s('edgeHitLatency.e3.p50'));
  expect(s('latency.edge.p50')).toBeLessThan(s('latency.shield.p50'));
  expect(s('latency.shield.p50')).toBeLessThan(s('latency.origin.p50'));
  expect(s('purgeMs')).toBeGreaterThan(0);
  expect(run.events.some((e) => /^Version \d+ reached every edge/.test(e.message))).toBe(true);

  const pids = String(run.facts['nginx.pids']).split(',').map(Number);
  expect(pids.length).toBeGreaterThanOrEqual(8);
  for (const pid of pids) expect(isAlive(pid), `nginx pid ${pid}`).toBe(false);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
  await expectGoneFromBrokers(run);
}, 30_000);
