import kafkajs from 'kafkajs';
import type { PartitionAssigner } from 'kafkajs';

// kafkajs spreads AssignerProtocol into module.exports, which Node cannot see as a named export.
const { AssignerProtocol } = kafkajs;

/**
 * Partition p of P among M members sorted by id: the first P % M members get ⌈P / M⌉
 * consecutive partitions, the rest ⌊P / M⌋. Java's RangeAssignor deals a topic out this way.
 */
export function rangeAssignment(
  memberIds: readonly string[],
  partitions: number,
): Map<string, number[]> {
  const sorted = [...memberIds].sort();
  const result = new Map<string, number[]>();
  const each = Math.floor(partitions / Math.max(sorted.length, 1));
  const extra = partitions % Math.max(sorted.length, 1);
  let next = 0;
  sorted.forEach((id, i) => {
    const count = each + (i < extra ? 1 : 0);
    result.set(
      id,
      Array.from({ length: count }, (_, k) => next + k),
    );
    next += count;
  });
  return result;
}

/**
 * The classic protocol's "range" assignor for kafkajs, which ships only round-robin. Like every
 * classic assignor it runs in the group leader, and kafkajs rebalances eagerly: every member
 * gives up all its partitions before the leader deals them out again.
 */
export const RangeAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'range',
  version: 0,
  assign({ members, topics }) {
    const byMember = new Map<string, Record<string, number[]>>(
      members.map((m) => [m.memberId, {}]),
    );
    for (const topic of topics) {
      const count = cluster.findTopicPartitionMetadata(topic).length;
      for (const [memberId, partitions] of rangeAssignment(
        members.map((m) => m.memberId),
        count,
      )) {
        const assignment = byMember.get(memberId);
        if (assignment !== undefined) assignment[topic] = partitions;
      }
    }
    return Promise.resolve(
      [...byMember].map(([memberId, assignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }) {
    return {
      name: 'range',
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    };
  },
});
