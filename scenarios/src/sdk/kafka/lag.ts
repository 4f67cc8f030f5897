import { withRetries } from './retry.ts';
import type { Admin } from 'kafkajs';

export interface PartitionEnds {
  partition: number;
  /** Log-end offset (the next offset to be written), as fetchTopicOffsets gives it. */
  high: string;
  /** Log-start offset. */
  low: string;
}

export interface PartitionCommit {
  partition: number;
  /** "-1" where the group has committed nothing. */
  offset: string;
}

export interface PartitionLag {
  partition: number;
  logStart: number;
  logEnd: number;
  /** The group's committed offset; undefined where it has none. */
  committed: number | undefined;
  /** Log end − committed; undefined where nothing is committed (the tool prints "-"). */
  lag: number | undefined;
  /**
   * What a group reading from the beginning still has to consume: the lag, or where nothing is
   * committed, the whole log (log end − log start).
   */
  backlog: number;
}

export interface LagReading {
  /** Indexed by partition number. */
  partitions: PartitionLag[];
  /** Σ lag over partitions with a commit: the tool's numbers added up. */
  lag: number;
  /** Σ backlog: the lag of a group that starts from the log start. */
  backlog: number;
  /** Σ (log end − log start): the records the topic holds. */
  logEndTotal: number;
  /** Σ committed offsets, counting the log start where nothing is committed. */
  committedTotal: number;
}

/**
 * Lag as `kafka-consumer-groups.sh --describe` computes it: per partition, log-end offset minus
 * the group's committed offset, and no number ("-") where the group has committed nothing.
 * `backlog` adds what that tool leaves out: for a group that reads from the beginning, an
 * uncommitted partition still owes everything from its log start.
 */
export function lagFromOffsets(
  ends: readonly PartitionEnds[],
  commits: readonly PartitionCommit[],
): LagReading {
  const committedBy = new Map(commits.map((c) => [c.partition, Number(c.offset)]));
  const partitions: PartitionLag[] = [];
  const reading: LagReading = { partitions, lag: 0, backlog: 0, logEndTotal: 0, committedTotal: 0 };
  for (const e of [...ends].sort((a, b) => a.partition - b.partition)) {
    const logEnd = Number(e.high);
    const logStart = Number(e.low);
    const raw = committedBy.get(e.partition) ?? -1;
    const committed = raw >= 0 ? raw : undefined;
    const lag = committed === undefined ? undefined : logEnd - committed;
    const backlog = logEnd - (committed ?? logStart);
    partitions[e.partition] = { partition: e.partition, logStart, logEnd, committed, lag, backlog };
    reading.lag += lag ?? 0;
    reading.backlog += backlog;
    reading.logEndTotal += logEnd - logStart;
    reading.committedTotal += committed ?? logStart;
  }
  return reading;
}

/** Both offsets straight from the broker: the topic's ends and the group's commits. */
export async function readLag(admin: Admin, topic: string, groupId: string): Promise<LagReading> {
  // A fresh broker answers NOT_COORDINATOR for a moment while it loads the offsets topic:
  // retriable, and kafkajs's admin does not retry it for fetchOffsets.
  const [ends, groupOffsets] = await withRetries(
    () =>
      Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]),
    { tries: 10, delayMs: 200 },
  );
  const commits = groupOffsets.find((t) => t.topic === topic)?.partitions ?? [];
  return lagFromOffsets(ends, commits);
}
