import { describe, expect, it } from 'vitest';
import { checkOf, expectGoneFromBrokers, runScenario } from '../src/testing/index.ts';
import scenario from './scenario.ts';

describe('vhosts-permissions', () => {
  it('refuses each operation outside a user’s patterns, exactly as the listed permissions predict', async () => {
    const run = await runScenario(scenario, { durationSec: 9, params: { opsPerSec: 40 } });
    expect(run.error).toBeUndefined();
    const f = run.facts as Record<string, number>;
    expect(f.attempts).toBeGreaterThan(28);
    for (const op of ['connect', 'declare', 'publish', 'get']) {
      expect(run.summary[`refused.${op}`], op).toBeGreaterThan(0);
      expect(run.summary[`refused.${op}`], op).toBe(f[`predictedRefused.${op}`]);
    }
    expect(run.summary.allowed).toBeGreaterThan(0);
    expect(run.summary.errors).toBe(0);
    expect(checkOf(run, 'refusals-as-permissions-predict').status).toBe('passed');
    expect(checkOf(run, 'refusals-are-refusals').status).toBe('passed');
    await expectGoneFromBrokers(run);
  }, 30_000);
});
