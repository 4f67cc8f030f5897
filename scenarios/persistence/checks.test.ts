// Each check on made-up numbers: it fails when the fresh read disagrees with the writers'
// acknowledgements, and says not applicable for the other modes or when no kill happened.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { persistenceChecks } from './checks.ts';
import { persistenceParams } from './params.ts';
import type { Mode, PersistenceParams } from './params.ts';

function run(mode: Mode, facts: RunFacts = {}): FinishedRun<PersistenceParams> {
  const params = { ...(Value.Default(persistenceParams, {}) as PersistenceParams), mode };
  return {
    params,
    summary: { acked: 900 },
    facts: { ackedBeforeKill: 500, survived: 500, lossWindowMs: 0, ...facts },
    durationMs: 3000,
  };
}

const status = (id: string, r: FinishedRun<PersistenceParams>): string => {
  const check = persistenceChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('persistence checks', () => {
  it('always: passes when every acknowledged write is found, fails when one is missing', () => {
    expect(status('always-loses-nothing', run('always'))).toBe('passed');
    expect(status('always-loses-nothing', run('always', { survived: 499 }))).toBe('failed');
  });

  it('everysec: fails when the lost writes span more than about a second', () => {
    expect(status('everysec-loses-about-a-second', run('everysec'))).toBe('passed');
    expect(
      status(
        'everysec-loses-about-a-second',
        run('everysec', { survived: 100, lossWindowMs: 900 }),
      ),
    ).toBe('passed');
    expect(
      status('everysec-loses-about-a-second', run('everysec', { survived: 0, lossWindowMs: 3000 })),
    ).toBe('failed');
  });

  it('are not applicable for other modes or without a kill', () => {
    expect(status('always-loses-nothing', run('snapshots', { survived: 0 }))).toBe(
      'not-applicable',
    );
    expect(status('everysec-loses-about-a-second', run('no'))).toBe('not-applicable');
    const noKill = run('always');
    delete noKill.facts.ackedBeforeKill;
    expect(status('always-loses-nothing', noKill)).toBe('not-applicable');
  });
});
