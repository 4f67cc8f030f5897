// Kafka as a comparison target. Producers and consumers are @platformatic/kafka clients: measured
// here it reaches ~0.39× of Kafka's ProducerPerformance against kafkajs's ~0.25×. Topics and
// groups are made and removed with the kafkajs admin the rest of the project uses. Subscriptions
// are consumer groups on the KIP-848 consumer protocol (the broker assigns; a member joining
// does not stop the others), their members the subscription's consumers.
import { once } from 'node:events';
import { Consumer, Producer } from '@platformatic/kafka';
import type { Message, MessagesStream } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { waitFor } from '../../sdk/poll.ts';
import type {
  LabConsumer,
  LabMessage,
  LabProducer,
  Target,
  TargetContext,
  TargetPlan,
} from '../target.ts';
import type { Workload } from '../workload.ts';

const ACKS = { none: 0, leader: 1, all: -1 } as const;
// As many replicas as brokers, up to three: 1 on the shared broker, 3 on the cluster variant.
const replicationFactor = (ctx: TargetContext): number =>
  Math.min(3, ctx.addresses.kafkaBrokers.length);
// A batch of about this many bytes amortises a Produce request without holding messages long.
const BATCH_BYTES = 256 * 1024;
const STOP_TIMEOUT_MS = 3_000;
const JOIN_TIMEOUT_MS = 15_000;
const DRAIN_TIMEOUT_MS = 10_000;

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

export function kafkaPlan(w: Workload): TargetPlan {
  const mapping = [
    `topics → ${w.topics} topic(s) of ${w.partitionsPerTopic} partition(s), replication factor 1 (one broker)`,
    `subscriptionsPerTopic → ${w.subscriptionsPerTopic} consumer group(s) per topic (consumer protocol, KIP-848)`,
    `consumerPerSubscription → ${w.consumerPerSubscription} member(s) per group; partitions are split between them`,
    `acks ${w.durability.acks} → acks=${ACKS[w.durability.acks]}`,
    keyMapping(w),
    w.durability.fsync
      ? 'fsync → topic config flush.messages=1: every append is fsynced before the partition answers, so each ack waits for the disk'
      : 'fsync off → the log is in the page cache and flushed by the OS (Kafka’s default; durability comes from replication)',
    `persistent → always: every message is appended to the partition's log on disk`,
    w.backlog
      ? 'backlog → the log keeps every message; the groups start at the earliest offset and read it back'
      : 'consumers start at the earliest offset of new topics, so none of the run is missed',
  ];
  const cannot: string[] = [];
  if (w.durability.acks === 'all') {
    cannot.push(
      'acks=all waits for the in-sync replicas, and with one broker (replication factor 1) that is the leader alone: acks=all costs what acks=1 does here',
    );
  }
  if (!w.durability.persistent) {
    cannot.push(
      'persistent: false cannot be had — Kafka always writes the log (to the page cache; fsync is separate)',
    );
  }
  if (w.consumerPerSubscription > w.partitionsPerTopic) {
    cannot.push(
      `${w.consumerPerSubscription} consumers share ${w.partitionsPerTopic} partition(s): a partition has one member of a group, so ${w.consumerPerSubscription - w.partitionsPerTopic} per group stay idle`,
    );
  }
  if (w.measure.ordering) {
    cannot.push(
      w.keyDistributor === 'NO_KEY'
        ? 'ordering: Kafka orders per partition; without keys a producer spreads its messages over partitions, so order per producer holds only with one partition'
        : 'ordering: Kafka orders per partition (per key); a producer’s messages to different keys may be read out of order',
    );
  }
  return { mapping, cannot };
}

function keyMapping(w: Workload): string {
  switch (w.keyDistributor) {
    case 'NO_KEY':
      return 'NO_KEY → no record key; the producer spreads messages round-robin over the partitions';
    case 'KEY_ROUND_ROBIN':
      return 'KEY_ROUND_ROBIN → record keys cycle; the partition is murmur2(key) as in the Java client';
    case 'RANDOM':
      return 'RANDOM → random record keys; the partition is murmur2(key)';
  }
}

function batchSize(w: Workload): number {
  return Math.min(1000, Math.max(100, Math.floor(BATCH_BYTES / w.messageSize)));
}

function adminOf(ctx: TargetContext): Admin {
  return new Kafka({
    clientId: `playground-${ctx.names.runId}-admin`,
    brokers: ctx.addresses.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 3, initialRetryTime: 200 },
  }).admin();
}

function topicsOf(ctx: TargetContext): string[] {
  return Array.from({ length: ctx.workload.topics }, (_, t) => ctx.names.topic(t));
}

function groupsOf(ctx: TargetContext): string[] {
  const w = ctx.workload;
  const groups: string[] = [];
  for (let t = 0; t < w.topics; t++) {
    for (let s = 0; s < w.subscriptionsPerTopic; s++) groups.push(ctx.names.subscription(t, s));
  }
  return groups;
}

async function setup(ctx: TargetContext): Promise<void> {
  const admin = adminOf(ctx);
  await admin.connect();
  try {
    const configEntries = ctx.workload.durability.fsync
      ? [{ name: 'flush.messages', value: '1' }]
      : [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: topicsOf(ctx).map((topic) => ({
        topic,
        numPartitions: ctx.workload.partitionsPerTopic,
        replicationFactor: replicationFactor(ctx),
        configEntries,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

async function teardown(ctx: TargetContext): Promise<void> {
  const admin = adminOf(ctx);
  await admin.connect();
  const errors: string[] = [];
  try {
    // Groups first: a group outlives its topic otherwise, with offsets for a topic that is gone.
    const wanted = new Set(groupsOf(ctx));
    const existing = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => wanted.has(g));
    if (existing.length > 0) {
      const results = await admin.deleteGroups(existing).catch((error: unknown) => {
        errors.push(`groups: ${(error as Error).message}`);
        return [];
      });
      for (const r of results) {
        if (r.error !== undefined && r.error !== null) errors.push(`${r.groupId}: ${r.error}`);
      }
    }
    const topics = new Set(topicsOf(ctx));
    const present = (await admin.listTopics()).filter((t) => topics.has(t));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.disconnect();
  }
  if (errors.length > 0) throw new Error(`kafka teardown: ${errors.join('; ')}`);
}

async function openProducer(ctx: TargetContext, t: number, p: number): Promise<LabProducer> {
  const topic = ctx.names.topic(t);
  const acks = ACKS[ctx.workload.durability.acks];
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
    clientId: `playground-${ctx.names.runId}-p${t}-${p}`,
    bootstrapBrokers: ctx.addresses.kafkaBrokers,
    acks,
    // acks=0 and idempotence exclude each other; the run counts duplicates itself.
    idempotent: false,
    autocreateTopics: false,
    retries: 3,
  });
  return {
    send: async (batch: LabMessage[]) => {
      const result = await producer.send({
        messages: batch.map((m) => ({
          topic,
          value: m.payload,
          ...(m.key === undefined ? {} : { key: Buffer.from(m.key) }),
        })),
      });
      // acks=0: the batch is written (or queued) on the socket; a full socket buffer is the only
      // backpressure there is, so the window waits for it to drain before it counts as sent.
      if ((result.unwritableNodes ?? []).length > 0) await drained(producer);
    },
    close: () => producer.close(),
  };
}

async function openConsumer(
  ctx: TargetContext,
  t: number,
  s: number,
  c: number,
): Promise<LabConsumer> {
  const topic = ctx.names.topic(t);
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: `playground-${ctx.names.runId}-c${t}-${s}-${c}`,
    bootstrapBrokers: ctx.addresses.kafkaBrokers,
    groupId: ctx.names.subscription(t, s),
    groupProtocol: 'consumer',
    // Offsets are committed in the background every half second: a member that leaves hands on
    // at most that much again (counted as duplicates), as a real consumer with autocommit does.
    autocommit: 500,
    // A short long-poll keeps latency low when the topic is quiet and stops prompt.
    maxWaitTime: 100,
    retries: 3,
  });
  let stream: Stream | undefined;
  let closing = false;
  let loop: Promise<void> = Promise.resolve();
  return {
    start: async (onMessage) => {
      stream = await consumer.consume({
        topics: [topic],
        mode: 'committed',
        fallbackMode: 'earliest',
      });
      const current = stream;
      loop = (async () => {
        try {
          for await (const message of current as AsyncIterable<
            Message<Buffer, Buffer, Buffer, Buffer>
          >) {
            if (closing) break;
            await onMessage(message.value);
          }
        } catch (error) {
          if (!closing) throw error;
        }
      })();
      loop.catch(() => undefined);
      // Joined when the coordinator has given this member its share: at least one partition
      // while the group has fewer members than partitions (the uniform assignor gives each
      // one), else any assignment. A member that starts consuming before the previous owner let
      // its partition go would see the run's first messages twice.
      const wantsPartition = c < ctx.workload.partitionsPerTopic;
      const joined = await waitFor(() => hasShare(consumer.assignments, topic, wantsPartition), {
        withinMs: JOIN_TIMEOUT_MS,
        everyMs: 20,
      });
      if (!joined) {
        throw new Error(`${consumer.groupId}: no assignment after ${JOIN_TIMEOUT_MS} ms`);
      }
    },
    close: async () => {
      closing = true;
      // Leaving the group is polite, not needed: a stuck leave must not hold the run's end.
      await within(
        (async () => {
          await stream?.close();
          await consumer.close(true);
          await loop;
        })(),
        STOP_TIMEOUT_MS,
      );
    },
  };
}

async function drained(producer: Producer<Buffer, Buffer, Buffer, Buffer>): Promise<void> {
  try {
    await once(producer, 'drain', { signal: AbortSignal.timeout(DRAIN_TIMEOUT_MS) });
  } catch {
    throw new Error(`acks=0: the socket to the broker did not drain within ${DRAIN_TIMEOUT_MS} ms`);
  }
}

function hasShare(
  assignments: { topic: string; partitions: number[] }[] | null,
  topic: string,
  wantsPartition: boolean,
): boolean {
  if (assignments === null) return false;
  if (!wantsPartition) return true;
  return (assignments.find((a) => a.topic === topic)?.partitions.length ?? 0) > 0;
}

async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

export const kafkaTarget: Target = {
  id: 'kafka',
  broker: 'kafka',
  title: 'Kafka (one broker, @platformatic/kafka clients)',
  plan: kafkaPlan,
  window: (w) => ({ inFlight: 4, batch: batchSize(w) }),
  setup,
  teardown,
  openProducer,
  openConsumer,
};
