import { Connection, FindCoordinatorKeyTypes, consumerGroupDescribeV0 } from '@platformatic/kafka';
import { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';

// kafkajs spreads AssignerProtocol into module.exports, which Node cannot see as a named export.
const { AssignerProtocol } = kafkajs;

/** Which group protocol a scenario's members speak. */
export type GroupProtocol = 'classic-eager' | 'consumer';

/** The group as its coordinator describes it: who holds which partitions of one topic. */
export interface BrokerGroupView {
  state: string;
  /**
   * Nothing left to move: classic, the state is Stable; consumer protocol, every member has
   * reached the target assignment (member epochs = assignment epoch = group epoch).
   */
  stable: boolean;
  /** Consumer protocol only: the group epoch and the epoch of the assignment members converge to. */
  groupEpoch?: number;
  assignmentEpoch?: number;
  members: { memberId: string; partitions: number[] }[];
}

/** The bootstrap list a second client needs, as the cluster itself advertises its brokers. */
export async function clusterAddresses(admin: Admin): Promise<string[]> {
  const { brokers } = await admin.describeCluster();
  return brokers.map((b) => `${b.host}:${b.port}`);
}

/** DescribeGroups (classic protocol): each member's assignment, decoded. */
export async function describeClassicGroup(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<BrokerGroupView> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups.find((g) => g.groupId === groupId);
  if (group === undefined) throw new Error(`describeGroups did not return ${groupId}`);
  return {
    state: group.state,
    stable: group.state === 'Stable',
    members: group.members.map((m) => ({
      memberId: m.memberId,
      partitions: sorted(
        AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [],
      ),
    })),
  };
}

/**
 * ConsumerGroupDescribe (KIP-848): the coordinator's own record of each member's current
 * assignment. DescribeGroups does not describe these groups, and @platformatic/kafka's Admin
 * has no method for this API yet, so the request goes to the coordinator on a connection.
 */
export async function describeConsumerGroup(
  bootstrapBrokers: string[],
  groupId: string,
  topic: string,
): Promise<BrokerGroupView> {
  const admin = new PlatformaticAdmin({ clientId: 'playground-describe', bootstrapBrokers });
  const connection = new Connection('playground-describe');
  try {
    const [coordinator] = await admin.findCoordinator({
      keyType: FindCoordinatorKeyTypes.GROUP,
      keys: [groupId],
    });
    if (coordinator === undefined) throw new Error(`no coordinator for ${groupId}`);
    await connection.connect(coordinator.host, coordinator.port);
    const response = await consumerGroupDescribeV0.api.async(connection, [groupId], false);
    const group = response.groups.find((g) => g.groupId === groupId);
    if (group === undefined) throw new Error(`ConsumerGroupDescribe did not return ${groupId}`);
    const settled = group.members.every(
      (m) =>
        m.memberEpoch === group.assignmentEpoch &&
        sameAssignment(m.assignment.topicPartitions, m.targetAssignment.topicPartitions),
    );
    return {
      state: group.groupState,
      stable: group.groupEpoch === group.assignmentEpoch && settled,
      groupEpoch: group.groupEpoch,
      assignmentEpoch: group.assignmentEpoch,
      members: group.members.map((m) => ({
        memberId: m.memberId,
        partitions: sorted(
          m.assignment.topicPartitions
            .filter((t) => t.topicName === topic)
            .flatMap((t) => t.partitions),
        ),
      })),
    };
  } finally {
    await connection.close().catch(() => undefined);
    await admin.close().catch(() => undefined);
  }
}

type TopicPartitions = readonly { topicName: string; partitions: readonly number[] }[];
const flat = (tps: TopicPartitions): string =>
  tps
    .flatMap((t) => t.partitions.map((p) => `${t.topicName}:${p}`))
    .sort()
    .join(',');
const sameAssignment = (a: TopicPartitions, b: TopicPartitions): boolean => flat(a) === flat(b);

const sorted = (partitions: readonly number[]): number[] => [...partitions].sort((a, b) => a - b);
