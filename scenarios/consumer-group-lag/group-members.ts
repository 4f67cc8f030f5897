import type { Consumer, Kafka } from 'kafkajs';
import type { MemberAssignment } from './assignment.ts';

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

export interface GroupMembersOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  /** Called for each message, one at a time per member; resolves when it is "processed". */
  process: () => Promise<void>;
  /** A member joined a new generation; `isLeader` is true once per generation. */
  onJoin: (member: string, partitions: number[], isLeader: boolean) => void;
  /** The set of members changed (one started, one left). */
  onMembership: (change: string) => void;
  onWarning: (message: string) => void;
  onError: (error: unknown) => void;
}

interface Member {
  name: string;
  consumer: Consumer;
  partitions: number[] | undefined;
}

/**
 * The group's members: grown and shrunk to a target size one step at a time, each a kafkajs
 * consumer of its own that joins (connect, subscribe, run) or leaves (disconnect) the group.
 */
export class GroupMembers {
  private readonly members: Member[] = [];
  private work: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: GroupMembersOptions) {}

  assignments(): MemberAssignment[] {
    return this.members.map((m) => ({ name: m.name, partitions: m.partitions }));
  }

  /** Starts or stops members until there are `target`; changes queue behind each other. */
  resize(target: number): Promise<void> {
    this.work = this.work
      .then(() => this.reconcile(target))
      .catch((error: unknown) => {
        // A member still joining when the run stops fails its join; that is the stop, not a fault.
        if (!this.stopped) this.options.onError(error);
      });
    return this.work;
  }

  /** Every member leaves the group, committing what it processed; bounded by `timeoutMs`. */
  async stopAll(timeoutMs: number): Promise<void> {
    this.stopped = true;
    const leaving = this.members.splice(0).map((m) => this.leave(m));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(leaving),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async reconcile(target: number): Promise<void> {
    if (this.stopped) return;
    const starting: Promise<void>[] = [];
    // Members start together so they land in as few rebalances as possible.
    while (this.members.length < target) starting.push(this.start(this.members.length + 1));
    await Promise.all(starting);
    const leaving: Promise<void>[] = [];
    while (this.members.length > target) {
      const member = this.members.pop();
      if (member === undefined) break;
      this.options.onMembership(`${member.name} left`);
      leaving.push(this.leave(member));
    }
    await Promise.all(leaving);
  }

  private async start(index: number): Promise<void> {
    const { kafka, groupId, topic, process } = this.options;
    const name = `consumer-${index}`;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
      allowAutoTopicCreation: false,
    });
    const member: Member = { name, consumer, partitions: undefined };
    this.members.push(member);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (this.stopped || !this.members.includes(member)) return;
      member.partitions = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
      this.options.onJoin(name, member.partitions, payload.isLeader);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopped) return;
      if (payload.restart) {
        this.options.onWarning(`${name} crashed (${payload.error.message}); kafkajs restarts it`);
      } else {
        this.options.onError(payload.error);
      }
    });
    this.options.onMembership(`${name} joined`);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommitInterval: AUTO_COMMIT_INTERVAL_MS,
      partitionsConsumedConcurrently: 1,
      eachMessage: process,
    });
  }

  private async leave(member: Member): Promise<void> {
    // kafkajs finishes the message in hand, commits resolved offsets, then sends LeaveGroup.
    await member.consumer.disconnect();
  }
}
