import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { withDeadline } from '../src/sdk/index.ts';

export const LAG_POLL_MS = 250;
const READ_DEADLINE_MS = 2000;
// A broker that has not answered for this long fails the run, naming the error.
const FAILING_FOR_MS = 5000;

export interface LagReading {
  /** Indexed by partition number. */
  perPartition: number[];
  total: number;
  /** Σ (log-end − log-start): the messages the topic holds. */
  logEndTotal: number;
  /** Σ committed offsets (the log start where nothing is committed yet). */
  committedTotal: number;
}

export interface PartitionEnds {
  partition: number;
  high: string;
  low: string;
}

export interface PartitionCommit {
  partition: number;
  offset: string;
}

/**
 * Lag as `kafka-consumer-groups.sh --describe` computes it: log-end offset minus the group's
 * committed offset; a partition the group has never committed counts from its log start.
 */
export function lagFromOffsets(
  partitions: number,
  ends: readonly PartitionEnds[],
  commits: readonly PartitionCommit[],
): LagReading {
  const committedBy = new Map(commits.map((c) => [c.partition, Number(c.offset)]));
  const perPartition = Array.from({ length: partitions }, () => 0);
  let total = 0;
  let logEndTotal = 0;
  let committedTotal = 0;
  for (const e of ends) {
    const high = Number(e.high);
    const low = Number(e.low);
    const committed = committedBy.get(e.partition) ?? -1;
    const from = committed >= 0 ? committed : low;
    const lag = high - from;
    if (e.partition < partitions) perPartition[e.partition] = lag;
    total += lag;
    logEndTotal += high - low;
    committedTotal += from;
  }
  return { perPartition, total, logEndTotal, committedTotal };
}

/** Both offsets straight from the broker: the topic's ends and the group's commits. */
export async function readLag(
  admin: Admin,
  topic: string,
  groupId: string,
  partitions: number,
): Promise<LagReading> {
  const [ends, groupOffsets] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const commits = groupOffsets.find((t) => t.topic === topic)?.partitions ?? [];
  return lagFromOffsets(partitions, ends, commits);
}

/**
 * kafkajs's admin.fetchTopicOffsets gives up at once on a retriable broker answer such as "not the
 * leader for that partition", which a just-created topic or a restarting broker gives for a
 * moment; this retries those a few times before reporting the error.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  tries: number,
  delayMs: number,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Reads the lag from the broker every LAG_POLL_MS until `stop` aborts. A failed read keeps the
 * last numbers on screen; only when reads have failed for FAILING_FOR_MS does the run fail.
 */
export async function pollLag(
  read: () => Promise<LagReading>,
  stop: AbortSignal,
  onReading: (reading: LagReading) => void,
  onMiss: (error: unknown, first: boolean) => void,
): Promise<void> {
  let failingSince: number | undefined;
  const stopped = new Promise<undefined>((resolve) => {
    stop.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  while (!stop.aborted) {
    try {
      const reading = await Promise.race([
        withDeadline(read(), READ_DEADLINE_MS, 'reading offsets'),
        stopped,
      ]);
      if (reading === undefined) return;
      failingSince = undefined;
      onReading(reading);
    } catch (error) {
      const first = failingSince === undefined;
      failingSince ??= performance.now();
      if (performance.now() - failingSince > FAILING_FOR_MS) throw error;
      onMiss(error, first);
    }
    try {
      // A plain timer, not ctx.sleep, which returns at once after the stop: the poller runs on
      // through the final phase until it is told to stop.
      await delay(LAG_POLL_MS, undefined, { signal: stop });
    } catch {
      return;
    }
  }
}
