// What the run records at its end for the checks: the members' own view next to Kafka's.
export const factKeys = {
  /** "c1→0,1 c2→2,3": the live members' assignment as they themselves hold it. */
  membersAssignment: 'membersAssignment',
  /** The same, as the coordinator describes the group (DescribeGroups / ConsumerGroupDescribe). */
  brokerAssignment: 'brokerAssignment',
  /** The coordinator had nothing left to move. */
  brokerStable: 'brokerStable',
  /** Members Kafka still listed that had crashed (their session had not timed out). */
  brokerListsCrashed: 'brokerListsCrashed',
  /** Members: the highest offset any member processed on partition n, plus one (0: none). */
  membersNext: (n: number): string => `membersNext.p${n}`,
  /** Kafka: the group's committed offset on partition n, -1 where it has none. */
  brokerCommitted: (n: number): string => `brokerCommitted.p${n}`,
};
