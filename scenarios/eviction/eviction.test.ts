import { expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import type { FinishedRunView } from '../src/testing/index.ts';
import scenario from './scenario.ts';

function expectHonest(run: FinishedRunView): void {
  expect(run.state, run.error).toBe('completed');
  for (const check of run.checks) expect(check.status, check.detail).not.toBe('failed');
  expect(checkOf(run, 'hits-match-server').status).toBe('passed');
  expect(checkOf(run, 'keys-accounted').status).toBe('passed');
}

it('LFU keeps the hot set through crawler bursts better than LRU; noeviction refuses', async () => {
  const lru = await runScenario(scenario, { durationSec: 4, params: { policy: 'allkeys-lru' } });
  const lfu = await runScenario(scenario, { durationSec: 4, params: { policy: 'allkeys-lfu' } });
  expectHonest(lru);
  expectHonest(lfu);
  expect(lru.facts.evictedKeys).toBeGreaterThan(1000);
  expect(lfu.facts.evictedKeys).toBeGreaterThan(1000);
  // Same seed, same reads: the policy is the only difference.
  expect(lfu.summary.hitRatio).toBeGreaterThan((lru.summary.hitRatio ?? 1) + 0.03);
  expect(lru.summary.usedMemoryBytes).toBeLessThanOrEqual(4 * 1024 * 1024 * 1.05);

  const refused = await runScenario(scenario, {
    durationSec: 2,
    params: { policy: 'noeviction' },
  });
  expectHonest(refused);
  expect(refused.facts.evictedKeys).toBe(0);
  expect(refused.summary.oomErrors).toBeGreaterThan(100);
  expect(checkOf(refused, 'refusals-match-server').status).toBe('passed');
  for (const run of [lru, lfu, refused]) await expectGoneFromBrokers(run);
}, 20_000);
