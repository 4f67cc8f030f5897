// Each check on made-up numbers: it fails when the client's counts, the reshard's plan or the
// killed primary's slots disagree with what the nodes report, and is not applicable without a
// reshard or a kill.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { redisClusterChecks } from './checks.ts';
import { redisClusterParams } from './params.ts';
import type { RedisClusterParams } from './params.ts';

const GOOD: RunFacts = {
  'tags.transactionOk': true,
  'tags.crossSlotRefused': true,
  'tags.crossSlotServer': 1,
  'reshard.slotsPlanned': 11,
  'reshard.keysMigrated': 20,
  'reshard.slotsOwnedByTarget': 11,
  'reshard.keysLeftOnSource': 0,
  'reshard.keysOnTarget': 22,
  'server.moved': 23,
  'server.ask': 36,
  'client.moved': 23,
  'client.ask': 36,
  'kill.node': 'redis-2',
  'kill.slots': 5473,
  'kill.replica': 'redis-6',
  'kill.promotedSlots': 5473,
  'kill.promotedRole': 'master',
  'kill.clusterState': 'ok',
};

function run(
  facts: RunFacts = {},
  params: Partial<RedisClusterParams> = {},
): FinishedRun<RedisClusterParams> {
  return {
    params: { ...(Value.Default(redisClusterParams, {}) as RedisClusterParams), ...params },
    summary: {},
    facts: { ...GOOD, ...facts },
    durationMs: 13000,
  };
}

const status = (id: string, r: FinishedRun<RedisClusterParams>): string => {
  const check = redisClusterChecks.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return statusOf(check.evaluate(r));
};

describe('redis-cluster checks', () => {
  it('pass when the client, the reshard and the nodes agree', () => {
    for (const check of redisClusterChecks) expect(status(check.id, run())).toBe('passed');
  });

  it('redirects-match-nodes fails when the client missed or invented a redirect', () => {
    expect(status('redirects-match-nodes', run({ 'client.ask': 35 }))).toBe('failed');
    expect(status('redirects-match-nodes', run({ 'client.moved': 24 }))).toBe('failed');
    expect(status('redirects-match-nodes', run({}, { reshardAtSec: 0 }))).toBe('not-applicable');
  });

  it('reshard-moved-the-slots fails when a slot stayed behind or keys were left on the source', () => {
    expect(status('reshard-moved-the-slots', run({ 'reshard.slotsOwnedByTarget': 10 }))).toBe(
      'failed',
    );
    expect(status('reshard-moved-the-slots', run({ 'reshard.keysLeftOnSource': 1 }))).toBe(
      'failed',
    );
    expect(status('reshard-moved-the-slots', run({ 'reshard.keysOnTarget': 19 }))).toBe('failed');
  });

  it('tags-keep-keys-together fails when the untagged command was accepted or the nodes saw no CROSSSLOT', () => {
    expect(status('tags-keep-keys-together', run({ 'tags.crossSlotRefused': false }))).toBe(
      'failed',
    );
    expect(status('tags-keep-keys-together', run({ 'tags.crossSlotServer': 0 }))).toBe('failed');
    expect(status('tags-keep-keys-together', run({ 'tags.transactionOk': false }))).toBe('failed');
  });

  it('replica-took-over fails when the replica serves fewer slots, is not master, or the cluster is down', () => {
    expect(status('replica-took-over', run({ 'kill.promotedSlots': 5000 }))).toBe('failed');
    expect(status('replica-took-over', run({ 'kill.promotedRole': 'slave' }))).toBe('failed');
    expect(status('replica-took-over', run({ 'kill.clusterState': 'fail' }))).toBe('failed');
    expect(status('replica-took-over', run({}, { killAtSec: 0 }))).toBe('not-applicable');
  });
});
