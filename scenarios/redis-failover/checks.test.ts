// Each check on made-up numbers: it fails when the fresh read or the Sentinels disagree with the
// writers, and says not applicable when there was no kill or no cut.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { redisFailoverChecks } from './checks.ts';
import { redisFailoverParams } from './params.ts';
import type { RedisFailoverParams } from './params.ts';

const GOOD: RunFacts = {
  primaryBySentinel: 'redis-3',
  primaryByRole: 'redis-3',
  killAtMs: 4800,
  killedNode: 'redis-1',
  cutMs: 400,
  'acked.async': 1270,
  'survived.async': 1191,
  'ackedInCut.async': 75,
  'ackedNearCut.async': 85,
  'ackedSinceConfirmed.async': 78,
  confirmedMs: 405,
  'acked.wait': 1198,
  'survived.wait': 1198,
  failoverMs: 2284,
  switchMasterMs: 2266,
};

function run(
  facts: RunFacts = {},
  params: Partial<RedisFailoverParams> = {},
): FinishedRun<RedisFailoverParams> {
  return {
    params: { ...(Value.Default(redisFailoverParams, {}) as RedisFailoverParams), ...params },
    summary: {},
    facts: { ...GOOD, ...facts },
    durationMs: 11000,
  };
}

const status = (id: string, r: FinishedRun<RedisFailoverParams>): string => {
  const check = redisFailoverChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('redis-failover checks', () => {
  it('pass on a run where the cut is lost, WAIT loses nothing and Sentinel switched', () => {
    for (const check of redisFailoverChecks) expect(status(check.id, run())).toBe('passed');
  });

  it('wait-loses-less fails when WAIT 1 writes go missing', () => {
    expect(status('wait-loses-less', run({ 'survived.wait': 1190 }))).toBe('failed');
    // More lost than async, even if few.
    expect(status('wait-loses-less', run({ 'survived.async': 1270, 'survived.wait': 1197 }))).toBe(
      'failed',
    );
  });

  it('async-loses-the-cut fails when the loss is not the writes acknowledged during the cut', () => {
    expect(status('async-loses-the-cut', run({ 'survived.async': 1260 }))).toBe('failed');
    expect(status('async-loses-the-cut', run({ 'survived.async': 1100 }))).toBe('failed');
    expect(status('async-loses-the-cut', run({ 'survived.async': 1186 }))).toBe('passed');
    expect(status('async-loses-the-cut', run({ 'survived.async': 1184 }))).toBe('failed');
    expect(status('async-loses-the-cut', run({ 'survived.async': 1196 }))).toBe('failed');
    expect(status('async-loses-the-cut', run({}, { replicationCutMs: 0 }))).toBe('not-applicable');
  });

  it('async-loses-the-cut reaches back to the replicas’ last confirmation when they were behind before the cut', () => {
    // 607 missing: the replicas last confirmed 2.9 s before the kill, 620 acknowledged since.
    const behind = { 'survived.async': 663, 'ackedSinceConfirmed.async': 620, confirmedMs: 2900 };
    expect(status('async-loses-the-cut', run(behind))).toBe('passed');
    // More missing than were acknowledged since the last confirmation: a confirmed write lost.
    expect(
      status('async-loses-the-cut', run({ ...behind, 'ackedSinceConfirmed.async': 600 })),
    ).toBe('failed');
    // Without a confirmation to reach back to, the cut alone bounds the loss.
    const unconfirmed = run(behind);
    delete unconfirmed.facts['ackedSinceConfirmed.async'];
    expect(status('async-loses-the-cut', unconfirmed)).toBe('failed');
  });

  it('failover-follows-sentinel fails when writes resume before +switch-master or long after it', () => {
    expect(status('failover-follows-sentinel', run({ failoverMs: 1000 }))).toBe('failed');
    expect(status('failover-follows-sentinel', run({ failoverMs: 6000 }))).toBe('failed');
    const noSwitch = run();
    delete noSwitch.facts.switchMasterMs;
    expect(status('failover-follows-sentinel', noSwitch)).toBe('failed');
  });

  it('replica-promoted fails when the node Sentinel names does not report master, or is the killed one', () => {
    expect(status('replica-promoted', run({ primaryByRole: 'none' }))).toBe('failed');
    const stuck = run({ primaryBySentinel: 'redis-1' });
    for (const check of redisFailoverChecks) expect(status(check.id, stuck)).toBe('failed');
  });

  it('are not applicable without a kill, and failed when the run ended before its read', () => {
    const noKill = run();
    delete noKill.facts.killAtMs;
    for (const check of redisFailoverChecks)
      expect(status(check.id, noKill)).toBe('not-applicable');
    const early = run();
    delete early.facts.primaryBySentinel;
    for (const check of redisFailoverChecks) expect(status(check.id, early)).toBe('failed');
  });
});
