import type { Consumer, ConsumerConfig, Kafka, KafkaMessage } from 'kafkajs';
import type { MemberAssignment } from './assignment.ts';
import { decodePayload } from './payload.ts';
import { MemberPool } from './member-pool.ts';
import { RangeAssigner } from './range-assigner.ts';
import type { RecordPayload } from './payload.ts';

// Small enough that a member that leaves or dies is noticed within seconds, so rebalances show up
// while the learner watches; a clean leave (disconnect) rebalances at once anyway.
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1000;
const REBALANCE_TIMEOUT_MS = 5000;
// Commits follow processing within a quarter second, so the lag Kafka reports is current.
const AUTO_COMMIT_INTERVAL_MS = 250;
// A stopping member waits for its in-flight fetch; a short long-poll keeps stops prompt.
const MAX_WAIT_TIME_MS = 250;
// Small fetches keep a member that holds several partitions moving between them, rather than
// working through a long batch of one while the others' lag climbs.
const MAX_BYTES_PER_PARTITION = 16 * 1024;

export interface ProcessedRecord {
  member: string;
  partition: number;
  offset: number;
  message: KafkaMessage;
  /** Sequence number and send time when the paced producer wrote the record. */
  payload: RecordPayload | undefined;
}

export interface GroupJoin {
  member: string;
  /** The partitions of the topic this member now holds, ascending. */
  partitions: number[];
  /** One member leads each generation, so counting leaders counts rebalances. */
  isLeader: boolean;
  /** The id the coordinator gave the member. */
  memberId?: string;
}

/** A member gave partitions up (eagerly: all it held, as the rebalance began). */
export interface GroupRevoke {
  member: string;
  partitions: number[];
}

export interface GroupMembersOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  /** Milliseconds each member spends on one record (one at a time), read per record. */
  processingMs?: () => number;
  /** How a member spends processingMs; pass ctx.sleep so the run's stop cuts it short. */
  sleep?: (ms: number) => Promise<void>;
  /** A member finished a record; its offset is committed within the auto-commit interval. */
  onProcessed?: (record: ProcessedRecord) => void;
  /** A member joined a new generation of the group with this assignment. */
  onJoin?: (join: GroupJoin) => void;
  /** The set of members changed ("consumer-3 joined", "consumer-2 left"). */
  onMembership?: (change: string) => void;
  /** kafkajs restarts a crashed member by itself; this says it happened. */
  onWarning?: (message: string) => void;
  onError: (error: unknown) => void;
  /** Read from the log start when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  /** Overrides of the consumer settings above. */
  consumerConfig?: Partial<ConsumerConfig>;
  /** The classic assignor the leader runs: kafkajs's round-robin (default) or range. */
  assigner?: 'round-robin' | 'range';
  /** A member stopped consuming its partitions because the group began a rebalance. */
  onRevoke?: (revoke: GroupRevoke) => void;
}

/** What one member did, from its own point of view. */

interface Member {
  name: string;
  consumer: Consumer;
  partitions: number[] | undefined;
  memberId?: string;
  crashed: boolean;
  processed: number;
  processedByPartition: Map<number, number>;
  nextOffsetByPartition: Map<number, number>;
}

/**
 * A consumer group's members, each a kafkajs consumer of its own that joins (connect, subscribe,
 * run) or leaves (disconnect, which commits what it processed) while the run goes on. The group
 * keeps what every member processed, including members that have left: together that is where
 * the members believe the group stands, to hold against the offsets Kafka committed.
 */
export class GroupMembers extends MemberPool<Member> {
  // Crashed members wait here, in the middle of a record, until the run ends.
  private release: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  constructor(private readonly options: GroupMembersOptions) {
    super(options.onError);
  }

  /** Current members, in the order they were started. */
  assignments(): MemberAssignment[] {
    return this.members.map((m) => ({
      name: m.name,
      partitions: m.partitions,
      ...(m.memberId === undefined ? {} : { memberId: m.memberId }),
    }));
  }

  /** Current members with what each processed. */
  /**
   * The `count` most recently started members crash: each stops in the middle of a record and
   * so stops heartbeating (kafkajs heartbeats between records), without leaving the group. The
   * coordinator notices only when its session times out; until then its partitions wait.
   */
  crash(count = 1): Promise<void> {
    this.work = this.work.then(() => {
      for (let i = 0; i < count; i++) {
        const member = this.members.pop();
        if (member === undefined) break;
        member.crashed = true;
        this.target = Math.max(0, this.target - 1);
        this.options.onMembership?.(`${member.name} crashed`);
      }
    });
    return this.work;
  }

  /** Every member leaves the group, committing what it processed; bounded by `timeoutMs`. */
  async stopAll(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.release();
    const crashed = this.everyone.filter((m) => m.crashed).map((m) => m.consumer.disconnect());
    const leaving = [...this.members.splice(0).map((m) => m.consumer.disconnect()), ...crashed];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(leaving),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  protected async reconcile(target: number): Promise<void> {
    if (this.stopped) return;
    const starting: Promise<void>[] = [];
    // Members start together so they land in as few rebalances as possible.
    while (this.members.length < target) starting.push(this.start());
    await Promise.all(starting);
    const leaving: Promise<void>[] = [];
    while (this.members.length > target) {
      const member = this.members.pop();
      if (member === undefined) break;
      this.options.onMembership?.(`${member.name} left`);
      // kafkajs finishes the record in hand, commits what was processed, then leaves the group.
      leaving.push(member.consumer.disconnect());
    }
    await Promise.all(leaving);
  }

  private async start(): Promise<void> {
    const { kafka, groupId, topic } = this.options;
    const name = `consumer-${++this.started}`;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
      allowAutoTopicCreation: false,
      ...(this.options.assigner === 'range' ? { partitionAssigners: [RangeAssigner] } : {}),
      ...this.options.consumerConfig,
    });
    const member: Member = {
      name,
      consumer,
      partitions: undefined,
      crashed: false,
      processed: 0,
      processedByPartition: new Map(),
      nextOffsetByPartition: new Map(),
    };
    this.members.push(member);
    this.everyone.push(member);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (this.stopped || !this.members.includes(member)) return;
      member.partitions = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
      member.memberId = payload.memberId;
      this.options.onJoin?.({
        member: name,
        partitions: member.partitions,
        isLeader: payload.isLeader,
        memberId: payload.memberId,
      });
    });
    consumer.on(consumer.events.REBALANCING, () => {
      if (this.stopped || !this.members.includes(member)) return;
      // kafkajs rebalances eagerly: whatever the member held, it gives up now.
      this.options.onRevoke?.({ member: name, partitions: [...(member.partitions ?? [])] });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopped) return;
      if (payload.restart) {
        this.options.onWarning?.(`${name} crashed (${payload.error.message}); kafkajs restarts it`);
      } else {
        this.options.onError(payload.error);
      }
    });
    this.options.onMembership?.(`${name} joined`);
    await consumer.connect();
    await consumer.subscribe({
      topics: [topic],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommitInterval: AUTO_COMMIT_INTERVAL_MS,
      partitionsConsumedConcurrently: 1,
      eachMessage: async ({ partition, message }) => {
        if (member.crashed) {
          await this.released;
          // Throwing keeps kafkajs from committing a record this member never processed.
          throw new Error(`${name} crashed`);
        }
        const ms = this.options.processingMs?.() ?? 0;
        if (ms > 0) await (this.options.sleep ?? defaultSleep)(ms);
        const offset = Number(message.offset);
        member.processed++;
        member.processedByPartition.set(
          partition,
          (member.processedByPartition.get(partition) ?? 0) + 1,
        );
        member.nextOffsetByPartition.set(
          partition,
          Math.max(member.nextOffsetByPartition.get(partition) ?? 0, offset + 1),
        );
        this.options.onProcessed?.({
          member: name,
          partition,
          offset,
          message,
          payload: decodePayload(message.value),
        });
      },
    });
  }
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
