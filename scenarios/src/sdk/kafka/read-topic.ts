import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { withRetries } from './retry.ts';

export interface ReadRecord {
  partition: number;
  offset: number;
  message: KafkaMessage;
}

export interface ReadTopicOptions {
  kafka: Kafka;
  /** Asked for the log ends when `until` is not given. */
  admin: Admin;
  topic: string;
  /**
   * A group of the read's own: kafkajs consumers always join one. Register it with
   * ctx.resources before the read, so the run's cleanup deletes it.
   */
  groupId: string;
  /**
   * Per partition (indexed by partition number), the offset to stop before. Default: each
   * partition's log end when the read starts, so records written meanwhile are left out.
   */
  until?: readonly number[];
  /** Hide records of aborted and open transactions (default true), as a downstream reader would. */
  readCommitted?: boolean;
  /** The read gives up after this long and says it was incomplete. */
  withinMs: number;
  onRecord: (record: ReadRecord) => void;
}

export interface TopicRead {
  /** Every partition was read up to its `until` offset. */
  complete: boolean;
  /** Records handed to onRecord (with read_committed: committed ones only). */
  records: number;
  /** The offsets the read stopped before, by partition. */
  until: number[];
  /** From the consumer's start to the last partition done (or the time limit). */
  ms: number;
}

// Short fetch waits: a partition with nothing more to give answers quickly, so the read ends soon
// after it reaches the last offset.
const MAX_WAIT_TIME_MS = 100;

/**
 * A fresh, bounded read of a topic from its first offset by a new consumer: the independent
 * reading a check holds against what the clients counted. It follows offsets rather than
 * counting records, so transaction markers and aborted records (which a read_committed consumer
 * never sees) do not leave it waiting.
 */
export async function readTopic(options: ReadTopicOptions): Promise<TopicRead> {
  const { kafka, admin, topic, groupId, withinMs, onRecord } = options;
  const started = performance.now();
  const until = options.until === undefined ? await readLogEnds(admin, topic) : [...options.until];
  // Where the consumer has got to on each partition: the offset after the last one it fetched,
  // record, marker or aborted record alike.
  const position = until.map(() => 0);
  const done = (): boolean => position.every((p, n) => p >= (until[n] ?? 0));
  let records = 0;
  if (done()) return { complete: true, records, until, ms: 0 };

  const consumer = kafka.consumer({
    groupId,
    readUncommitted: options.readCommitted === false,
    maxWaitTimeInMs: MAX_WAIT_TIME_MS,
    allowAutoTopicCreation: false,
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const advance = (partition: number, next: number): void => {
    position[partition] = Math.max(position[partition] ?? 0, next);
    if (done()) finish();
  };
  // Batches made only of markers or aborted records never reach eachMessage; kafkajs reports
  // them (and every other batch) here.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === topic) advance(payload.partition, Number(payload.lastOffset) + 1);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        if (offset < (until[partition] ?? 0)) {
          records++;
          onRecord({ partition, offset, message });
        }
        advance(partition, offset + 1);
      },
    });
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, withinMs - (performance.now() - started)));
    });
    await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  return { complete: done(), records, until, ms: performance.now() - started };
}

/** Each partition's log end (the next offset to be written), indexed by partition. */
export async function readLogEnds(admin: Admin, topic: string): Promise<number[]> {
  const offsets = await withRetries(() => admin.fetchTopicOffsets(topic), {
    tries: 5,
    delayMs: 100,
  });
  const ends: number[] = [];
  for (const p of offsets) ends[p.partition] = Number(p.high);
  return ends;
}

/**
 * By partition, the first offset whose record was written at or after `timestamp` (epoch ms):
 * reading each partition up to it gives the log as it stood at that moment. A partition with no
 * record so late answers its log end.
 */
export async function offsetsAtTime(
  admin: Admin,
  topic: string,
  timestamp: number,
): Promise<number[]> {
  const [byTime, ends] = await Promise.all([
    withRetries(() => admin.fetchTopicOffsetsByTimestamp(topic, timestamp), {
      tries: 5,
      delayMs: 100,
    }),
    readLogEnds(admin, topic),
  ]);
  const offsets = [...ends];
  for (const p of byTime) {
    const offset = Number(p.offset);
    // -1: no record at or after the timestamp, so the whole partition is older.
    if (offset >= 0) offsets[p.partition] = offset;
  }
  return offsets;
}
