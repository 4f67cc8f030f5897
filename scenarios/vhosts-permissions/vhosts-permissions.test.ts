import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';
import { ATTEMPTS } from './tenants.ts';

describe('vhosts-permissions', () => {
  it('refuses each operation outside a user’s patterns, exactly as the listed permissions predict', async () => {
    // The node's start takes 3–8 s on a busy machine: the run goes on until every kind of attempt
    // has been made twice (the counters in the frames say so), then stops.
    const cycles = 2 * ATTEMPTS.length;
    const run = await runScenario(scenario, {
      durationSec: 40,
      params: { opsPerSec: 40 },
      onStart: (r) =>
        r.on('frame', (frame: { values: Record<string, number> }) => {
          const v = frame.values;
          if ((v.allowed ?? 0) + (v.refused ?? 0) + (v.errors ?? 0) >= cycles) r.stop();
        }),
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('stopped');
    const f = run.facts as Record<string, number>;
    expect(f.attempts).toBeGreaterThanOrEqual(cycles);
    for (const op of ['connect', 'declare', 'publish', 'get']) {
      expect(run.summary[`refused.${op}`], op).toBeGreaterThan(0);
      expect(run.summary[`refused.${op}`], op).toBe(f[`predictedRefused.${op}`]);
    }
    expect(run.summary.allowed).toBeGreaterThan(0);
    expect(run.summary.errors).toBe(0);
    expect(checkOf(run, 'refusals-as-permissions-predict').status).toBe('passed');
    expect(checkOf(run, 'refusals-are-refusals').status).toBe('passed');
    await expectGoneFromBrokers(run);
  }, 60_000);
});
