import { expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('appendfsync always keeps every acknowledged write through a kill -9; snapshots lose the last stretch', async () => {
  const always = await runScenario(scenario, {
    durationSec: 2.5,
    params: { mode: 'always', killAtSec: 1 },
  });
  expect(always.state, always.error).toBe('completed');
  expect(always.facts.ackedBeforeKill).toBeGreaterThan(200);
  expect(always.facts.survived).toBe(always.facts.ackedBeforeKill);
  expect(checkOf(always, 'always-loses-nothing').status).toBe('passed');
  // Writing resumed after the restart.
  expect(always.summary.acked).toBeGreaterThan(Number(always.facts.ackedBeforeKill) + 100);

  const snapshots = await runScenario(scenario, {
    durationSec: 2.5,
    params: { mode: 'snapshots', saveEverySec: 5, killAtSec: 1 },
  });
  expect(snapshots.state, snapshots.error).toBe('completed');
  expect(snapshots.summary.lost).toBeGreaterThan(200);
  expect(snapshots.summary.lost).toBe(
    Number(snapshots.facts.ackedBeforeKill) - Number(snapshots.facts.survived),
  );
  for (const run of [always, snapshots]) {
    for (const check of run.checks) expect(check.status, check.detail).not.toBe('failed');
    await expectGoneFromBrokers(run);
  }
}, 15_000);
