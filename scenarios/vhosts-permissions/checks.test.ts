// Each check on made-up numbers: it fails when the broker's answers and its listed permissions
// disagree, and is not applicable, never passed, when no attempt was made.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { vhostsPermissionsChecks } from './checks.ts';
import type { VhostsPermissionsParams } from './params.ts';

const params: VhostsPermissionsParams = {
  opsPerSec: 20,
  aliceConfigure: '^alice\\.',
  auditorWrite: false,
};

function run(
  summary: Record<string, number> = {},
  facts: RunFacts = {},
): FinishedRun<VhostsPermissionsParams> {
  return {
    params,
    summary: {
      allowed: 25,
      refused: 24,
      errors: 0,
      unexpected: 0,
      'refused.connect': 7,
      'refused.declare': 7,
      'refused.publish': 7,
      'refused.get': 3,
      ...summary,
    },
    facts: {
      attempts: 49,
      predictedRefused: 24,
      'predictedRefused.connect': 7,
      'predictedRefused.declare': 7,
      'predictedRefused.publish': 7,
      'predictedRefused.get': 3,
      ...facts,
    },
    durationMs: 9000,
  };
}

function status(id: string, r: FinishedRun<VhostsPermissionsParams>): string {
  const check = vhostsPermissionsChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return statusOf(check.evaluate(r));
}

describe('vhosts-permissions checks', () => {
  it('pass on a consistent run', () => {
    for (const c of vhostsPermissionsChecks) expect(status(c.id, run()), c.id).toBe('passed');
  });

  it('fail when refusals and permissions disagree, or something else failed', () => {
    expect(status('refusals-as-permissions-predict', run({ 'refused.get': 2, refused: 23 }))).toBe(
      'failed',
    );
    expect(
      status('refusals-as-permissions-predict', run({}, { 'predictedRefused.declare': 8 })),
    ).toBe('failed');
    expect(status('refusals-as-permissions-predict', run({ unexpected: 1 }))).toBe('failed');
    expect(status('refusals-are-refusals', run({ errors: 1, allowed: 24 }))).toBe('failed');
  });

  it('are not applicable when no attempt was made', () => {
    for (const c of vhostsPermissionsChecks) {
      expect(status(c.id, run({}, { attempts: 0 })), c.id).toBe('not-applicable');
    }
  });
});
