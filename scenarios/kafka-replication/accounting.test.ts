// The arithmetic behind the facts: which acknowledged ids a read is missing, and what the
// metadata says about an election.
import { describe, expect, it } from 'vitest';
import type { KafkaPartitionState } from '../src/sdk/contract.ts';
import { electedWithout, leadersFromIsr, underReplicated } from './metadata-watch.ts';
import type { TopicStates } from './metadata-watch.ts';
import type { KafkaReplicationParams } from './params.ts';
import { clusterConfig, replicaAssignment } from './cluster-setup.ts';
import { lossOf } from './verify.ts';

const part = (partition: number, leader: number, isr: number[]): KafkaPartitionState => ({
  partition,
  leader,
  replicas: [1, 2, 3],
  isr,
});
const states = (...parts: KafkaPartitionState[]): TopicStates => new Map([['t', parts]]);

describe('lossOf', () => {
  // Ids 0-9 acknowledged at 100 ms apart; the kill at 650 ms.
  const ackedAt = new Map(
    Array.from({ length: 10 }, (_, id) => [id, id * 100] as [number, number]),
  );

  it('counts acknowledged ids the read missed, and how long before the kill they were acked', () => {
    const seen = new Map([0, 1, 2, 3, 4, 7, 8, 9].map((id) => [id, 1] as [number, number]));
    const loss = lossOf(ackedAt, seen, 650, true);
    expect(loss).toMatchObject({
      acked: 10,
      found: 8,
      lost: 2,
      lostBeforeKill: 2,
      ackedBeforeKill: 7,
    });
    expect(loss.lostSpanMs).toBe(150);
  });

  it('tells a loss after the kill apart, and counts duplicates', () => {
    const seen = new Map(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((id) => [id, id === 3 ? 2 : 1] as [number, number]),
    );
    const loss = lossOf(ackedAt, seen, 650, true);
    expect(loss).toMatchObject({ lost: 1, lostBeforeKill: 0, duplicates: 1 });
  });
});

describe('the election as the metadata shows it', () => {
  const before = states(part(0, 1, [1, 2, 3]), part(1, 1, [1, 3]));

  it('is over once every partition has a live leader other than the killed node', () => {
    expect(electedWithout(before, 1)).toBe(false);
    expect(electedWithout(states(part(0, 2, [2, 3]), part(1, -1, [])), 1)).toBe(false);
    expect(electedWithout(states(part(0, 2, [2, 3]), part(1, 3, [3])), 1)).toBe(true);
  });

  it('checks each new leader against that partition’s ISR before the kill', () => {
    expect(leadersFromIsr(before, states(part(0, 2, [2, 3]), part(1, 3, [3])), 1)).toBe(true);
    // Node 2 was not in partition 1's ISR: an unclean election.
    expect(leadersFromIsr(before, states(part(0, 2, [2, 3]), part(1, 2, [2])), 1)).toBe(false);
  });

  it('counts partitions whose ISR is short of their replicas', () => {
    expect(underReplicated(before)).toBe(1);
    expect(underReplicated(states(part(0, 2, [2, 3]), part(1, 3, [3])))).toBe(2);
  });
});

describe('the cluster and topics the run asks for', () => {
  const p: KafkaReplicationParams = {
    messagesPerSec: 200,
    partitions: 3,
    leaderNode: 2,
    killAtSec: 4,
    restartAfterSec: 3,
    followerFetchWaitMs: 500,
  };

  it('puts the chosen node first in every replica list, the followers alternating', () => {
    expect(replicaAssignment(p)).toEqual([
      { partition: 0, replicas: [2, 1, 3] },
      { partition: 1, replicas: [2, 3, 1] },
      { partition: 2, replicas: [2, 1, 3] },
    ]);
  });

  it('holds follower fetches back only when asked to', () => {
    expect(clusterConfig(p)).toEqual({
      'replica.fetch.wait.max.ms': 500,
      'replica.fetch.min.bytes': 1_048_576,
    });
    expect(clusterConfig({ ...p, followerFetchWaitMs: 0 })).toEqual({});
  });
});
