// Each check on made-up facts: it fails when the drain disagrees with the confirms or the broker
// names no new leader, and says not applicable when no kill happened or its premise is off.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { rabbitmqQuorumChecks } from './checks.ts';
import { rabbitmqQuorumParams } from './params.ts';
import type { RabbitmqQuorumParams } from './params.ts';

const HEALTHY: RunFacts = {
  leaderBefore: 'rabbitmq-1',
  killedNode: 'rabbitmq-1',
  killedAtMs: 15_000,
  leaderAfter: 'rabbitmq-2',
  restartedAtMs: 22_000,
  quorumConfirmedWhileDown: 600,
  quorumBackAfterMs: 300,
  'confirmed.quorum': 1300,
  'reachable.quorum': true,
  'depth.quorum': 1300,
  'drained.quorum': 1300,
  'drainComplete.quorum': true,
  'lost.quorum': 0,
  'confirmed.classic': 1700,
  'reachable.classic': true,
  'drainComplete.classic': true,
  'lost.classic': 680,
  'lostOutsideOutage.classic': 0,
};

function run(
  facts: RunFacts = {},
  params: Partial<RabbitmqQuorumParams> = {},
): FinishedRun<RabbitmqQuorumParams> {
  return {
    params: { ...(Value.Default(rabbitmqQuorumParams, {}) as RabbitmqQuorumParams), ...params },
    summary: {},
    facts: { ...HEALTHY, ...facts },
    durationMs: 30_000,
  };
}

const status = (id: string, r: FinishedRun<RabbitmqQuorumParams>): string => {
  const check = rabbitmqQuorumChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('rabbitmq-quorum checks', () => {
  it('quorum-keeps-confirmed fails on one confirmed id missing, an incomplete or impossible drain', () => {
    expect(status('quorum-keeps-confirmed', run())).toBe('passed');
    expect(status('quorum-keeps-confirmed', run({ 'lost.quorum': 1 }))).toBe('failed');
    expect(status('quorum-keeps-confirmed', run({ 'drainComplete.quorum': false }))).toBe('failed');
    expect(status('quorum-keeps-confirmed', run({ 'reachable.quorum': false }))).toBe('failed');
  });

  it('leader-moved fails when the broker names no other leader, or no confirm came while the node was down', () => {
    expect(status('leader-moved', run())).toBe('passed');
    expect(status('leader-moved', run({ leaderAfter: 'rabbitmq-1' }))).toBe('failed');
    const noLeader = run();
    delete noLeader.facts.leaderAfter;
    expect(status('leader-moved', noLeader)).toBe('failed');
    expect(status('leader-moved', run({ quorumConfirmedWhileDown: 0 }))).toBe('failed');
  });

  it('classic-loses-only-while-down fails when a message confirmed outside the outage is missing', () => {
    expect(status('classic-loses-only-while-down', run())).toBe('passed');
    expect(status('classic-loses-only-while-down', run({ 'lostOutsideOutage.classic': 3 }))).toBe(
      'failed',
    );
    expect(status('classic-loses-only-while-down', run({ 'reachable.classic': false }))).toBe(
      'failed',
    );
  });

  it('is not applicable without a kill, with transient messages, or without a restart', () => {
    const noKill = run();
    delete noKill.facts.killedNode;
    for (const c of rabbitmqQuorumChecks) expect(status(c.id, noKill)).toBe('not-applicable');
    expect(status('classic-loses-only-while-down', run({}, { classicMessages: 'transient' }))).toBe(
      'not-applicable',
    );
    expect(status('leader-moved', run({ leaderWatchCutShort: true }))).toBe('not-applicable');
    const noRestart = run();
    delete noRestart.facts.restartedAtMs;
    expect(status('classic-loses-only-while-down', noRestart)).toBe('not-applicable');
  });
});
