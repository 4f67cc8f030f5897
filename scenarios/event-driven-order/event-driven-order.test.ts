// One run on the live brokers, shortened: dual-write for the first seconds of orders with a high
// crash rate, then the scripted switch to outbox. Dual-write loses at least an event per crash,
// the outbox none; every process of the shop is gone afterwards.
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

it('loses events to crashes under dual-write and none under outbox', async () => {
  let live: Run | undefined;
  const pids = new Set<number>();
  const run = await runScenario(scenario, {
    durationSec: 15,
    params: { outboxAtSec: 3, crashRate: 0.1, ordersPerSec: 25, instances: 2 },
    onStart: (r) => (live = r),
    onFrame: () => {
      for (const node of live?.faults.view().nodes ?? []) if (node.pid > 0) pids.add(node.pid);
    },
  });
  expect(run.error).toBeUndefined();
  expect(run.state).toBe('completed');
  for (const check of run.checks) {
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  }
  const f = run.facts;
  // Both modes ran, with crashes in each; the store and the consumers agree under outbox only.
  expect(Number(f['dual-write.crashes'])).toBeGreaterThan(0);
  expect(Number(f['dual-write.orders']) - Number(f['dual-write.notified'])).toBeGreaterThan(0);
  expect(Number(f['outbox.orders'])).toBeGreaterThan(20);
  expect(f['outbox.notified']).toBe(f['outbox.orders']);
  // The final SCAN of the order hashes finds the orders the set holds.
  expect(f.storeScanned).toBe(Number(f['dual-write.orders']) + Number(f['outbox.orders']));
  expect(summaryOf(run, 'crashes')).toBe(f.crashes);
  expect(summaryOf(run, 'lost')).toBe(
    Number(f['dual-write.orders']) - Number(f['dual-write.notified']),
  );
  expect(run.phases.map((p) => p.name)).toEqual(
    expect.arrayContaining(['start-up', 'dual-write', 'switching', 'outbox']),
  );

  // Every instance the run started, restarted ones included, is gone.
  expect(pids.size).toBeGreaterThanOrEqual(7);
  for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
  await expectGoneFromBrokers(run);
}, 60_000);
