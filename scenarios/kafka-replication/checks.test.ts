// Each check on made-up numbers: it fails when what the producers were told and what Kafka
// reports disagree, and is not applicable, never passed, when the run gave it nothing to judge.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/sdk/contract.ts';
import type { FinishedRun, RunFacts } from '../src/sdk/contract.ts';
import { kafkaReplicationChecks } from './checks.ts';
import type { KafkaReplicationParams } from './params.ts';

const params: KafkaReplicationParams = {
  messagesPerSec: 200,
  partitions: 2,
  leaderNode: 1,
  killAtSec: 4,
  restartAfterSec: 3,
  followerFetchWaitMs: 500,
};

const consistent: RunFacts = {
  killedNode: 1,
  killAtMs: 20_000,
  metadataBeforeKill: 'acks-all: p0=1:[1,2,3] p1=1:[1,3,2]',
  metadataAfterElection: 'acks-all: p0=2:[2,3] p1=3:[3,2]',
  newLeadersFromIsr: true,
  electionMs: 3_100,
  restartedAtMs: 25_000,
  isrFullAfterRestart: true,
  isrRestoredMs: 7_000,
  'ackedIds.acksAll': 3_000,
  'found.acksAll': 3_000,
  'readComplete.acksAll': true,
  'ackedIds.acks1': 3_000,
  'found.acks1': 2_960,
  'lostBeforeKill.acks1': 40,
  'lostSpanMs.acks1': 210,
  'readComplete.acks1': true,
};

function statusOfCheck(id: string, facts: RunFacts, p: KafkaReplicationParams = params) {
  const check = kafkaReplicationChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  const run: FinishedRun<KafkaReplicationParams> = {
    params: p,
    summary: {},
    facts,
    durationMs: 30_000,
  };
  return statusOf(check.evaluate(run));
}

describe('kafka-replication checks', () => {
  it('pass when the producers’ tallies and Kafka agree', () => {
    for (const check of kafkaReplicationChecks) {
      expect(statusOfCheck(check.id, consistent), check.id).toBe('passed');
    }
  });

  it.each([
    ['acks-all-loses-nothing', { 'found.acksAll': 2_999 }],
    ['acks-all-loses-nothing', { 'readComplete.acksAll': false }],
    ['acks1-losses-precede-the-kill', { 'lostBeforeKill.acks1': 39 }],
    ['acks1-losses-precede-the-kill', { 'readComplete.acks1': false }],
    ['new-leaders-from-the-isr', { newLeadersFromIsr: false }],
    ['new-leaders-from-the-isr', { electionMs: undefined }],
    ['isr-grows-back', { isrFullAfterRestart: false }],
  ])('%s fails on %o', (id, change) => {
    const facts: RunFacts = { ...consistent };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete facts[key];
      else facts[key] = value;
    }
    expect(statusOfCheck(id, facts)).toBe('failed');
  });

  it('are not applicable, never passed, when the run ended before the kill', () => {
    const early: RunFacts = { 'ackedIds.acksAll': 500, 'found.acksAll': 500 };
    for (const check of kafkaReplicationChecks) {
      expect(statusOfCheck(check.id, early), check.id).toBe('not-applicable');
    }
  });

  it('are not applicable when Kafka refused the full read', () => {
    const refused: RunFacts = { ...consistent, 'readError.acksAll': 'NOT_ENOUGH_REPLICAS' };
    delete refused['ackedIds.acksAll'];
    delete refused['found.acksAll'];
    expect(statusOfCheck('acks-all-loses-nothing', refused)).toBe('not-applicable');
  });

  it('say so when acks=1 lost nothing, rather than pass', () => {
    const none = { ...consistent, 'found.acks1': 3_000, 'lostBeforeKill.acks1': 0 };
    expect(statusOfCheck('acks1-losses-precede-the-kill', none)).toBe('not-applicable');
  });

  it('leave the ISR alone when the node is never restarted, or was still starting', () => {
    expect(statusOfCheck('isr-grows-back', consistent, { ...params, restartAfterSec: 0 })).toBe(
      'not-applicable',
    );
    const stillStarting = { ...consistent };
    delete stillStarting.isrFullAfterRestart;
    expect(statusOfCheck('isr-grows-back', stillStarting)).toBe('not-applicable');
  });
});
