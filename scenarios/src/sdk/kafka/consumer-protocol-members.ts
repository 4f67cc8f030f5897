import { Base, Consumer } from '@platformatic/kafka';
import type { Message, MessagesStream } from '@platformatic/kafka';
import type { KafkaMessage } from 'kafkajs';
import type { MemberAssignment } from './assignment.ts';
import type { GroupJoin, GroupRevoke, ProcessedRecord } from './group-members.ts';
import { MemberPool } from './member-pool.ts';
import { decodePayload } from './payload.ts';

// A stopping member waits for its in-flight fetch; a short long-poll keeps stops prompt.
const MAX_WAIT_TIME_MS = 250;
// Few records buffered ahead: a member that gives a partition up has little of it in hand.
const HIGH_WATER_MARK = 64;
const MAX_BYTES_PER_PARTITION = 16 * 1024;
// How often a member looks at the assignment its heartbeats brought (they come every second).
const ASSIGNMENT_POLL_MS = 50;

export interface ConsumerProtocolMembersOptions {
  /** host:port of the brokers, e.g. from the kafkajs admin's describeCluster. */
  bootstrapBrokers: string[];
  clientId: string;
  groupId: string;
  topic: string;
  /** Server-side assignor: 'uniform' (the broker's default) or 'range'. */
  assignor?: 'uniform' | 'range';
  processingMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProcessed?: (record: ProcessedRecord) => void;
  /** A member received partitions (its whole assignment after the change). */
  onJoin?: (join: GroupJoin) => void;
  /** A member gave partitions up: only those that move to another member. */
  onRevoke?: (revoke: GroupRevoke) => void;
  onMembership?: (change: string) => void;
  /** Something the client recovers from by itself (a refused heartbeat or commit). */
  onWarning?: (message: string) => void;
  onError: (error: unknown) => void;
}

interface Member {
  name: string;
  consumer: Consumer;
  stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  partitions: number[] | undefined;
  crashed: boolean;
  left: boolean;
  watcher: NodeJS.Timeout | undefined;
  processed: number;
  processedByPartition: Map<number, number>;
  nextOffsetByPartition: Map<number, number>;
}

/**
 * The members of a group on the new consumer group protocol (KIP-848, Kafka 4.0+), each an
 * @platformatic/kafka consumer of its own. The coordinator computes the assignment and hands
 * each member its part on its heartbeats: a member gives up only the partitions that move, and
 * the others keep consuming throughout. Same surface as GroupMembers (the classic protocol).
 */
export class ConsumerProtocolMembers extends MemberPool<Member> {
  constructor(private readonly options: ConsumerProtocolMembersOptions) {
    super(options.onError);
  }

  assignments(): MemberAssignment[] {
    return this.members.map((m) => ({
      name: m.name,
      partitions: m.partitions,
      ...(m.consumer.memberId ? { memberId: m.consumer.memberId } : {}),
    }));
  }

  /**
   * The `count` most recently started members crash: their connections close with no leave
   * request, so the coordinator notices only when the session times out.
   */
  crash(count = 1): Promise<void> {
    this.work = this.work.then(async () => {
      for (let i = 0; i < count; i++) {
        const member = this.members.pop();
        if (member === undefined) break;
        member.crashed = true;
        this.target = Math.max(0, this.target - 1);
        clearInterval(member.watcher);
        this.options.onMembership?.(`${member.name} crashed`);
        // Consumer.close would leave the group first; the client base's close only drops the
        // connections, as a process that dies does, and no heartbeat is scheduled after it.
        await Base.prototype.close.call(member.consumer).catch(() => undefined);
      }
    });
    return this.work;
  }

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
    // Whatever did not leave in time is closed without ceremony.
    for (const m of this.everyone) {
      clearInterval(m.watcher);
      if (!m.crashed) void Base.prototype.close.call(m.consumer).catch(() => undefined);
    }
  }

  protected async reconcile(target: number): Promise<void> {
    if (this.stopped) return;
    const starting: Promise<void>[] = [];
    while (this.members.length < target) starting.push(this.start());
    await Promise.all(starting);
    const leaving: Promise<void>[] = [];
    while (this.members.length > target) {
      const member = this.members.pop();
      if (member === undefined) break;
      this.options.onMembership?.(`${member.name} left`);
      leaving.push(this.leave(member));
    }
    await Promise.all(leaving);
  }

  /** Stops fetching, then leaves the group (a heartbeat with epoch -1). */
  private async leave(member: Member): Promise<void> {
    member.left = true;
    clearInterval(member.watcher);
    await member.consumer.close(true);
  }

  private async start(): Promise<void> {
    const { bootstrapBrokers, clientId, groupId, topic } = this.options;
    const name = `consumer-${++this.started}`;
    const consumer = new Consumer({
      clientId: `${clientId}-${name}`,
      bootstrapBrokers,
      groupId,
      groupProtocol: 'consumer',
      ...(this.options.assignor === undefined
        ? {}
        : { groupRemoteAssignor: this.options.assignor }),
      // Offsets are committed after processing, record by record (the client coalesces them);
      // its autocommit would commit what was fetched, not what was processed.
      autocommit: false,
      maxWaitTime: MAX_WAIT_TIME_MS,
      maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
      highWaterMark: HIGH_WATER_MARK,
      retries: 3,
    });
    const member: Member = {
      name,
      consumer,
      stream: undefined,
      partitions: undefined,
      crashed: false,
      left: false,
      watcher: undefined,
      processed: 0,
      processedByPartition: new Map(),
      nextOffsetByPartition: new Map(),
    };
    this.members.push(member);
    this.everyone.push(member);
    // The client rejoins by itself after a refused heartbeat (a late one is fenced, say); what
    // it reports here is news, not the end of the member.
    consumer.on('error', (error: unknown) => {
      if (!this.stopped && !member.crashed && !member.left) {
        this.options.onWarning?.(`${name}: ${errorMessage(error)}; the client rejoins`);
      }
    });
    this.options.onMembership?.(`${name} joined`);
    member.watcher = setInterval(() => this.watchAssignment(member), ASSIGNMENT_POLL_MS);
    member.stream = await consumer.consume({
      topics: [topic],
      mode: 'committed',
      fallbackMode: 'earliest',
    });
    void this.consume(member, member.stream);
  }

  /** Compares the assignment the heartbeats brought with the last one seen. */
  private watchAssignment(member: Member): void {
    if (this.stopped || member.crashed || member.left) return;
    const current = member.consumer.assignments;
    if (current === null) return;
    const now = (current.find((a) => a.topic === this.options.topic)?.partitions ?? [])
      .slice()
      .sort((a, b) => a - b);
    const before = member.partitions;
    if (before !== undefined && sameList(before, now)) return;
    member.partitions = now;
    const revoked = (before ?? []).filter((p) => !now.includes(p));
    if (revoked.length > 0) this.options.onRevoke?.({ member: member.name, partitions: revoked });
    this.options.onJoin?.({
      member: member.name,
      partitions: now,
      isLeader: false,
      ...(member.consumer.memberId ? { memberId: member.consumer.memberId } : {}),
    });
  }

  /**
   * Commits after processing. A partition that moved away while the record was in hand is no
   * longer this member's to commit (the broker refuses a stale member epoch): the new owner
   * starts from the last commit and processes the record again, as at-least-once delivery does.
   */
  private async commit(
    member: Member,
    message: Message<Buffer, Buffer, Buffer, Buffer>,
  ): Promise<void> {
    if (!(member.partitions ?? []).includes(message.partition)) return;
    try {
      await message.commit();
    } catch (error) {
      // Fenced or moved while the commit was in flight: the record will be processed again
      // from the last commit, and a check on the committed offsets sees any loss.
      if ((member.partitions ?? []).includes(message.partition) && !member.left && !this.stopped) {
        this.options.onWarning?.(
          `${member.name}: commit of p${message.partition} refused (${errorMessage(error)})`,
        );
      }
    }
  }

  private async consume(
    member: Member,
    stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>,
  ): Promise<void> {
    try {
      for await (const message of stream as AsyncIterable<
        Message<Buffer, Buffer, Buffer, Buffer>
      >) {
        if (member.crashed || member.left || this.stopped) break;
        // Records fetched before a partition moved away are not this member's to process.
        if (!(member.partitions ?? []).includes(message.partition)) continue;
        const ms = this.options.processingMs?.() ?? 0;
        if (ms > 0) await (this.options.sleep ?? defaultSleep)(ms);
        if (member.crashed) break;
        const offset = Number(message.offset);
        member.processed++;
        member.processedByPartition.set(
          message.partition,
          (member.processedByPartition.get(message.partition) ?? 0) + 1,
        );
        member.nextOffsetByPartition.set(
          message.partition,
          Math.max(member.nextOffsetByPartition.get(message.partition) ?? 0, offset + 1),
        );
        this.options.onProcessed?.({
          member: member.name,
          partition: message.partition,
          offset,
          message: asKafkaMessage(message),
          payload: decodePayload(message.value),
        });
        await this.commit(member, message);
      }
    } catch (error) {
      if (!this.stopped && !member.crashed && !member.left) this.options.onError(error);
    }
  }
}

/** The fields of a kafkajs message, so ProcessedRecord reads the same for both clients. */
function asKafkaMessage(message: Message<Buffer, Buffer, Buffer, Buffer>): KafkaMessage {
  return {
    key: message.key ?? null,
    value: message.value ?? null,
    timestamp: String(message.timestamp),
    attributes: 0,
    offset: String(message.offset),
    headers: {},
  };
}

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const sameList = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
