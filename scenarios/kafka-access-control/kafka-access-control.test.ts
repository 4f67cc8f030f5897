import { expect, it } from 'vitest';
import type { Run } from '../src/testing/index.ts';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

it('refuses bob payroll and the guessed password, each refusal logged by the broker, until an ACL grants payroll', async () => {
  let live: Run | undefined;
  let deniedAtGrant: number | undefined;
  const run = await runScenario(scenario, {
    // About 5 s of the run go to starting the private broker.
    durationSec: 9,
    params: { writesPerSec: 50, snoopsPerSec: 5, badLoginsPerSec: 3 },
    onStart: (r) => (live = r),
    onFrame: (frame) => {
      // Grant payroll once bob has been refused a few times: the refusals must stop.
      if (deniedAtGrant === undefined && (frame.values.denied ?? 0) >= 4) {
        deniedAtGrant = frame.values.denied;
        live?.updateParams({ grantPayroll: true });
      }
    },
  });
  expect(run.state).toBe('completed');
  const { summary, facts } = run;
  expect(summary.denied).toBeGreaterThanOrEqual(4);
  expect(facts.deniedLines).toBe(summary.denied);
  // After the grant bob subscribes; the few refused meanwhile were in flight as the ACL landed.
  expect(summary.snoopsAllowed).toBeGreaterThan(0);
  expect(summary.denied).toBeLessThanOrEqual((deniedAtGrant ?? 0) + 3);
  expect(summary.authFailures).toBeGreaterThan(0);
  expect(facts.authFailureLines).toBe(summary.authFailures);
  expect(summary.allowed).toBeGreaterThan(50);
  expect(facts.ordersEnd).toBe(summary.allowed);
  for (const id of [
    'allowed-writes-in-the-log',
    'bob-read-every-order',
    'refusals-match-authorizer-log',
    'bad-logins-match-server-log',
  ]) {
    expect(checkOf(run, id).status, checkOf(run, id).detail).toBe('passed');
  }
  await expectGoneFromBrokers(run);
}, 25_000);
