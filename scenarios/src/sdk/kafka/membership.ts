import type { Kafka } from 'kafkajs';
import type { MemberAssignment } from './assignment.ts';
import { ConsumerProtocolMembers } from './consumer-protocol-members.ts';
import type { GroupProtocol } from './describe-group.ts';
import { GroupMembers } from './group-members.ts';
import type { GroupJoin, GroupRevoke, ProcessedRecord } from './group-members.ts';
import type { MemberStats } from './member-pool.ts';

/** What a scenario does with a consumer group's members, whichever protocol they speak. */
export interface GroupMembership {
  assignments(): MemberAssignment[];
  stats(): MemberStats[];
  processedByPartition(): Map<number, number>;
  nextOffsets(): Map<number, number>;
  resize(target: number): Promise<void>;
  add(count?: number): Promise<void>;
  remove(count?: number): Promise<void>;
  crash(count?: number): Promise<void>;
  stopAll(timeoutMs: number): Promise<void>;
}

export interface MembershipOptions {
  protocol: GroupProtocol;
  /** For the classic protocol (kafkajs). */
  kafka: Kafka;
  /** For the consumer protocol (@platformatic/kafka): host:port list and a client id. */
  bootstrapBrokers: string[];
  clientId: string;
  groupId: string;
  topic: string;
  /** The classic leader's assignor (kafkajs: round-robin or range); the consumer protocol's
   * server-side assignor is the broker's default (uniform) unless 'range'. */
  assigner?: 'round-robin' | 'range';
  processingMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProcessed?: (record: ProcessedRecord) => void;
  onJoin?: (join: GroupJoin) => void;
  onRevoke?: (revoke: GroupRevoke) => void;
  onMembership?: (change: string) => void;
  onWarning?: (message: string) => void;
  onError: (error: unknown) => void;
}

/**
 * A consumer group's members on the protocol asked for: kafkajs for the classic protocol (which
 * rebalances eagerly; kafkajs 2.2.4 has no cooperative assignor), @platformatic/kafka for the
 * consumer protocol (KIP-848), which kafkajs does not speak.
 */
export function groupMembership(options: MembershipOptions): GroupMembership {
  const { protocol, assigner, kafka, bootstrapBrokers, clientId, ...common } = options;
  if (protocol === 'consumer') {
    return new ConsumerProtocolMembers({
      ...common,
      bootstrapBrokers,
      clientId,
      ...(assigner === 'range' ? { assignor: 'range' as const } : {}),
    });
  }
  return new GroupMembers({ ...common, kafka, ...(assigner === undefined ? {} : { assigner }) });
}
