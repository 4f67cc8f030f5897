import { expect, it } from 'vitest';
import {
  checkOf,
  expectGoneFromBrokers,
  rateBetween,
  runScenario,
  summaryOf,
} from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import scenario from './scenario.ts';

function expectHonest(run: FinishedRunView): void {
  expect(run.state, run.error).toBe('completed');
  for (const id of ['refusals-match-acl-log', 'server-counts-agree', 'billing-keys-fresh-read']) {
    expect(checkOf(run, id).status, checkOf(run, id).detail).toBe('passed');
  }
}

it('refuses the app outside its prefix and commands and the intruder with no login; ACL LOG counts every refusal', async () => {
  const run = await runScenario(scenario, {
    durationSec: 2.5,
    params: { mistakeRatio: 0.2, intruderPerSec: 10 },
  });
  expectHonest(run);
  for (const reason of ['command', 'key', 'channel', 'auth', 'noauth']) {
    expect(summaryOf(run, `denied.${reason}`), reason).toBeGreaterThan(3);
  }
  expect(summaryOf(run, 'allowed')).toBeGreaterThan(400);
  expect(summaryOf(run, 'outOfScope')).toBe(0);
  expect(summaryOf(run, 'intruderIn')).toBe(0);
  expect(run.facts.billingChanged).toBe(0);
  // Repeats share an entry: far fewer entries than refusals.
  expect(Number(run.facts.aclLogEntries)).toBeLessThan(summaryOf(run, 'denied') / 3);
  await expectGoneFromBrokers(run);
}, 15_000);

it('lets the app out of its prefix and the intruder in once the ACL is widened live', async () => {
  const run = await runScenario(scenario, {
    durationSec: 4,
    params: { mistakeRatio: 0.2, intruderPerSec: 10 },
    onStart: (r) =>
      setTimeout(() => r.updateParams({ appPatterns: 'everything', defaultUser: 'nopass' }), 1500),
  });
  expectHonest(run);
  expect(rateBetween(run, 'denied.key', 250, 1500)).toBeGreaterThan(5);
  expect(rateBetween(run, 'denied.key', 2250, 3750)).toBe(0);
  expect(rateBetween(run, 'denied.noauth', 2250, 3750)).toBe(0);
  expect(rateBetween(run, 'outOfScope', 2250, 3750)).toBeGreaterThan(5);
  expect(rateBetween(run, 'intruderIn', 2250, 3750)).toBeGreaterThan(5);
  // Commands stay limited: FLUSHALL and the others are still refused.
  expect(rateBetween(run, 'denied.command', 2250, 3750)).toBeGreaterThan(5);
  expect(Number(run.facts.billingChanged)).toBeGreaterThan(0);
  await expectGoneFromBrokers(run);
}, 15_000);
