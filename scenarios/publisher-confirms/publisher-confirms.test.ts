import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

describe('publisher-confirms', () => {
  it('confirm-each is slowest; after SIGKILL every confirmed persistent message is back, no transient one', async () => {
    const run = await runScenario(scenario, {
      durationSec: 20,
      params: { modeSec: 0.75, maxRate: 2000, crashAfterMs: 800 },
    });
    expect(run.error).toBeUndefined();
    const f = run.facts as Record<string, number>;
    // Waiting for each confirm caps throughput at one over the round trip; a window does not.
    expect(f['rate.confirm-each']).toBeLessThan(f['rate.streaming']! * 0.9);
    expect(f['latencyP50.confirm-each']).toBeLessThan(f['latencyP50.batched']!);
    expect(f.persistentConfirmed).toBeGreaterThan(100);
    expect(f.persistentConfirmedFound).toBe(f.persistentConfirmed);
    expect(f.transientConfirmed).toBeGreaterThan(100);
    expect(f.transientDepthAfter).toBe(0);
    for (const id of ['confirmed-in-queue', 'confirmed-persistent-survived', 'transient-lost']) {
      expect(checkOf(run, id).status, checkOf(run, id).detail).toBe('passed');
    }
    await expectGoneFromBrokers(run);
  }, 30_000);
});
