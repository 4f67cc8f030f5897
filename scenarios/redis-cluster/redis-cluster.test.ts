import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
} from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('a live reshard redirects clients (MOVED and ASK, as the nodes count them) and a killed primary’s replica takes its slots', async () => {
  const pids = new Set<number>();
  const run = await runScenario(scenario, {
    durationSec: 13,
    params: { reshardAtSec: 0.5, killAtSec: 5.5 },
    // Every process the cluster started, as the fault toolbox saw it during the run.
    onStart: (r) => r.on('frame', () => r.faults.view().nodes.forEach((n) => pids.add(n.pid))),
  });
  expect(run.state, run.error).toBe('completed');
  for (const check of run.checks)
    expect(check.status, `${check.id}: ${check.detail}`).toBe('passed');
  expect(run.summary.moved).toBeGreaterThan(0);
  expect(run.summary.ask).toBeGreaterThan(0);
  expect(run.summary.ops).toBeGreaterThan(1500);
  // redis-2, the reshard's target, was killed: its replica holds its keys now.
  const replica = String(run.facts['kill.replica']);
  expect(run.summary[`slots.${replica}`]).toBeGreaterThan(0);
  expect(run.summary['slots.redis-2']).toBe(0);
  await expectGoneFromBrokers(run);
  expect(pids.size).toBe(6);
  expect([...pids].filter((pid) => isAlive(pid))).toEqual([]);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
}, 45_000);
