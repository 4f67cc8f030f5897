// Who in a consumer group holds which partitions, as the members themselves were told
// (GROUP_JOIN), in the shapes a chart and a narration need.

export interface MemberAssignment {
  /** consumer-1, consumer-2, … in the order they were started. */
  name: string;
  /** Partitions Kafka assigned to it; undefined until it has joined. */
  partitions: readonly number[] | undefined;
  /** The id the group coordinator gave it, once it has joined (to match describe-group). */
  memberId?: string;
}

export interface MemberCounts {
  active: number;
  idle: number;
}

/** Members holding at least one partition, and joined members holding none. */
export function countMembers(members: readonly MemberAssignment[]): MemberCounts {
  let active = 0;
  let idle = 0;
  for (const m of members) {
    if (m.partitions === undefined) continue;
    if (m.partitions.length > 0) active++;
    else idle++;
  }
  return { active, idle };
}

/** consumer-3 → c3, for lines that list many members. */
export const shortName = (name: string): string => name.replace(/^consumer-/, 'c');

/** "c1→[0,1] c2→[2] c3→[]"; a member not yet joined shows "?". */
export function describeAssignment(members: readonly MemberAssignment[]): string {
  if (members.length === 0) return 'no members';
  return members
    .map(
      (m) =>
        `${shortName(m.name)}→${m.partitions === undefined ? '?' : `[${m.partitions.join(',')}]`}`,
    )
    .join(' ');
}

/**
 * True when every member has joined and each of the topic's partitions is held by exactly one
 * of them. Members learn a new generation one by one, so for a moment after a rebalance a
 * member still reports partitions that another now holds.
 */
export function assignmentSettled(
  members: readonly MemberAssignment[],
  partitions: number,
): boolean {
  const held = members.flatMap((m) => m.partitions ?? [Number.NaN]);
  return (
    held.length === partitions &&
    new Set(held).size === partitions &&
    held.every((p) => p >= 0 && p < partitions)
  );
}
