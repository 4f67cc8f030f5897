// What the run asks of its cluster before the load: the follower setting, topics whose every
// partition is led by one node, and the group coordinator the final reads will need.
import type { Admin } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import { withRetries } from '../src/sdk/kafka/index.ts';
import type { KafkaReplicationParams } from './params.ts';

const NODES = [1, 2, 3];

/** Follower fetches held back until `followerFetchWaitMs` has passed (1 MB never fills first). */
export function clusterConfig(p: KafkaReplicationParams): Record<string, number> {
  if (p.followerFetchWaitMs === 0) return {};
  return {
    'replica.fetch.wait.max.ms': p.followerFetchWaitMs,
    'replica.fetch.min.bytes': 1_048_576,
  };
}

/**
 * Every partition led by `leaderNode`; the followers alternate, so after the kill the
 * leadership splits over the two survivors (Kafka picks the first in-sync replica listed).
 */
export function replicaAssignment(
  p: KafkaReplicationParams,
): { partition: number; replicas: number[] }[] {
  const others = NODES.filter((n) => n !== p.leaderNode);
  return Array.from({ length: p.partitions }, (_, partition) => ({
    partition,
    replicas: [p.leaderNode, ...(partition % 2 === 0 ? others : [...others].reverse())],
  }));
}

/** Resolves with the work's result, or undefined as soon as the load is stopped. */
export function unlessStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  work.catch(() => undefined); // still settles after a stop; nobody waits for it then
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const stopped = (): void => resolve(undefined);
    signal.addEventListener('abort', stopped, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', stopped);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stopped);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function createTopics(
  ctx: RunContext<KafkaReplicationParams>,
  admin: Admin,
  topics: readonly string[],
): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({
      topic,
      replicaAssignment: replicaAssignment(ctx.params),
      configEntries: [{ name: 'min.insync.replicas', value: '2' }],
    })),
  });
  for (const topic of topics) {
    await withRetries(
      async () => {
        const offsets = await admin.fetchTopicOffsets(topic);
        if (offsets.length !== ctx.params.partitions) throw new Error(`${topic} not ready`);
      },
      { tries: 20, delayMs: 100 },
    );
  }
  // The final reads' groups need __consumer_offsets, created with replication factor 3: ask for
  // a coordinator now, while all three nodes are up.
  await withRetries(() => admin.describeGroups([ctx.names.group('verify')]), {
    tries: 30,
    delayMs: 200,
  });
}
