import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

describe('backpressure', () => {
  it('a capped queue drops or refuses what exceeds x-max-length; the memory alarm blocks the publisher', async () => {
    const run = await runScenario(scenario, {
      durationSec: 30,
      params: { phaseSec: 1, publishRate: 500, consumeRate: 100, maxLength: 50, memoryPhaseSec: 4 },
    });
    expect(run.error).toBeUndefined();
    const f = run.facts as Record<string, number>;
    // drop-head confirms everything and silently loses the oldest; the reject modes nack instead.
    expect(f['drop-head.nacked']).toBe(0);
    expect(f['drop-head.confirmed']! - f['drop-head.consumed']! - f['drop-head.finalDepth']!).toBe(
      f['drop-head.missing'],
    );
    expect(f['drop-head.missing']).toBeGreaterThan(100);
    for (const o of ['drop-head', 'reject-publish', 'reject-publish-dlx']) {
      expect(f[`${o}.maxDepthSeen`]).toBeLessThanOrEqual(50);
      expect(f[`${o}.maxDepthSeen`]).toBeGreaterThanOrEqual(45);
    }
    expect(f['reject-publish.nacked']).toBeGreaterThan(100);
    expect(f['reject-publish.missing']).toBe(0);
    expect(f['reject-publish-dlx.deadLettered']).toBe(f['reject-publish-dlx.nacked']);
    // The alarm blocked the connection and the publish rate collapsed while it lasted.
    expect(f.blockedEpisodes).toBeGreaterThanOrEqual(1);
    expect(f.blockedMs).toBeGreaterThan(300);
    expect(f.rateBlocked).toBeLessThan(f.rateOpen! * 0.2);
    for (const c of scenario.checks) {
      expect(checkOf(run, c.id).status, checkOf(run, c.id).detail).toBe('passed');
    }
    await expectGoneFromBrokers(run);
  }, 30_000);
});
