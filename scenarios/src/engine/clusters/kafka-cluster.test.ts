// The handle's reading of Kafka's metadata; the cluster itself is started by the
// kafka-replication scenario's live test (one cluster start per test file).
import { describe, expect, it } from 'vitest';
import { partitionStates } from './kafka-cluster.ts';

const partition = (partitionId: number, leader: number, isr: number[]) => ({
  partitionErrorCode: 0,
  partitionId,
  leader,
  replicas: [1, 2, 3],
  isr,
  offlineReplicas: [],
});

describe('partitionStates', () => {
  it('gives one topic’s partitions in partition order, leaders and ISRs as Kafka reported them', () => {
    const metadata = {
      topics: [
        { name: 'other', partitions: [partition(0, 3, [3])] },
        { name: 't', partitions: [partition(1, 3, [3, 2]), partition(0, -1, [])] },
      ],
    };
    expect(partitionStates(metadata, 't')).toEqual([
      { partition: 0, leader: -1, replicas: [1, 2, 3], isr: [] },
      { partition: 1, leader: 3, replicas: [1, 2, 3], isr: [3, 2] },
    ]);
  });

  it('refuses an answer without the topic rather than report no partitions', () => {
    expect(() => partitionStates({ topics: [] }, 't')).toThrow(/no metadata for topic t/);
  });
});
