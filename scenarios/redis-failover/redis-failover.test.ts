import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  expectGoneFromBrokers,
  isAlive,
  privateRunDir,
  runScenario,
} from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('a killed primary is replaced by a replica; async writes acknowledged during the replication cut are lost, WAIT 1 writes are not', async () => {
  const pids = new Set<number>();
  const run = await runScenario(scenario, {
    durationSec: 11,
    params: { killAtSec: 2.5 },
    // Every process the cluster started, as the fault toolbox saw it during the run.
    onStart: (r) => r.on('frame', () => r.faults.view().nodes.forEach((n) => pids.add(n.pid))),
  });
  expect(run.state, run.error).toBe('completed');
  // The run's own account, so a failure on a CI machine says what the cluster did.
  const story = run.events.map((e) => `${(e.t / 1000).toFixed(2)} s ${e.message}`).join('\n');
  for (const check of run.checks)
    expect(check.status, `${check.id}: ${check.detail}\n${story}`).toBe('passed');
  expect(run.facts['acked.async']).toBeGreaterThan(500);
  // 200 writes/s for the 400 ms cut: about 80 acknowledged async writes never reached a replica.
  expect(run.summary.lostAsync).toBeGreaterThan(40);
  expect(run.summary.lostWait).toBe(0);
  expect(run.summary.writeErrors).toBeGreaterThan(0);
  expect(run.facts.failoverMs).toBeLessThan(6000);
  await expectGoneFromBrokers(run);
  expect(pids.size).toBe(6);
  expect([...pids].filter((pid) => isAlive(pid))).toEqual([]);
  expect(existsSync(privateRunDir(run.id))).toBe(false);
}, 40_000);
