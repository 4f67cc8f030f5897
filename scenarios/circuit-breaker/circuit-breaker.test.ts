// One run on the live brokers, shortened: product-service slows 0.5 s into the load and the
// script switches protection on at 3.5 s; the run is stopped 3.8 s later. Without protection the
// user route (which never calls product-service) waits behind the gateway's full workers; with
// it, it is fast again while the breaker opens and half-opens. No process of the shop outlives
// the run.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { Run } from '../src/testing/index.ts';
import scenario from './scenario.ts';

const PROTECTED_FOR_MS = 3_800;

it('cascades without protection, stays fast with it, and the breaker opens and half-opens', async () => {
  let live: Run | undefined;
  let stop: NodeJS.Timeout | undefined;
  const pids = new Set<number>();
  const run = await runScenario(scenario, {
    // An upper bound: the start-up of four services takes most of it on a busy machine.
    durationSec: 40,
    params: { slowAtSec: 0.5, protectAtSec: 3.5, delayMs: 1000, gatewayWorkers: 8 },
    onStart: (r) => (live = r),
    onEvent: (event) => {
      if (event.message.startsWith('The script switches protection on')) {
        stop = setTimeout(() => live?.stop(), PROTECTED_FOR_MS);
      }
    },
    onFrame: () => {
      for (const node of live?.faults.view().nodes ?? []) if (node.pid > 0) pids.add(node.pid);
    },
  });
  clearTimeout(stop);
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('stopped');
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  }
  const { facts } = run;
  // The cascade: the route that never calls product-service got slow and failed too.
  expect(Number(facts.userUnprotectedP99)).toBeGreaterThan(1_000);
  expect(summaryOf(run, 'errors.user')).toBeGreaterThan(0);
  // Protection: the breaker opened and half-opened, and the cache answered meanwhile.
  expect(Number(facts.gatewayOpens)).toBeGreaterThanOrEqual(1);
  expect(Number(facts.gatewayHalfOpens)).toBeGreaterThanOrEqual(1);
  expect(summaryOf(run, 'fallbacks')).toBeGreaterThan(20);
  expect(run.markers.some((m) => m.label === 'breaker open')).toBe(true);
  expect(run.phases.map((p) => p.name)).toEqual([
    'warm-up',
    'healthy',
    'unprotected',
    'protected',
    'drain',
  ]);

  expect(pids.size).toBe(4);
  for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
  await expectGoneFromBrokers(run);
}, 60_000);
