// On start-up, deletes what crashed runs left: runs journaled by a process that is gone, and
// namespaced keys, topics and groups whose run holds no lease (`pg-lease:<runId>`, refreshed by
// every live run, in whatever process). Runs of live processes are never touched.
import { Redis } from 'ioredis';
import { NAMESPACE_ROOT } from '../sdk/index.ts';
import type { RunResources } from '../sdk/index.ts';
import type { BrokerAddresses } from './addresses.ts';
import { deleteResources, kafkaAdminClient } from './cleanup.ts';
import { processAlive } from './journal.ts';
import type { RunJournal } from './journal.ts';

export const LEASE_TTL_MS = 15_000;
// Outside the `pg:` namespace so a scenario counting its own keys never sees it.
export const leaseKey = (runId: string): string => `${NAMESPACE_ROOT}-lease:${runId}`;

export interface SweepReport {
  runs: string[];
  errors: string[];
}

function emptyResources(runId: string): RunResources {
  return {
    redisKeyPrefix: `${NAMESPACE_ROOT}:${runId}:`,
    queues: [],
    exchanges: [],
    topics: [],
    groups: [],
  };
}

export async function sweepLeftovers(
  addresses: BrokerAddresses,
  journal: RunJournal,
  activeRunIds: ReadonlySet<string>,
): Promise<SweepReport> {
  const report: SweepReport = { runs: [], errors: [] };
  const orphans = new Map<string, RunResources>();

  for (const entry of journal.list()) {
    if (activeRunIds.has(entry.runId) || (entry.pid !== process.pid && processAlive(entry.pid)))
      continue;
    orphans.set(entry.runId, entry.resources);
  }

  const redis = new Redis(addresses.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => undefined);
  let redisUp = false;
  try {
    await redis.connect();
    redisUp = true;
  } catch (error) {
    report.errors.push(`redis: ${(error as Error).message}`);
  }

  const leased = async (runId: string): Promise<boolean> =>
    activeRunIds.has(runId) || (redisUp && (await redis.exists(leaseKey(runId))) === 1);

  if (redisUp) {
    const seen = new Set<string>();
    for await (const keys of redis.scanStream({ match: `${NAMESPACE_ROOT}:*`, count: 1000 })) {
      for (const key of keys as string[]) {
        const runId = key.split(':')[1];
        if (runId !== undefined) seen.add(runId);
      }
    }
    for (const runId of seen) {
      if (!orphans.has(runId) && !(await leased(runId))) orphans.set(runId, emptyResources(runId));
    }
  }

  // Kafka topics and groups carry `pg.<runId>.`; only trust the lease when Redis answered.
  if (redisUp) {
    const admin = kafkaAdminClient(addresses).admin();
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      const add = async (name: string, kind: 'topics' | 'groups'): Promise<void> => {
        const [root, runId] = name.split('.');
        if (root !== NAMESPACE_ROOT || runId === undefined || (await leased(runId))) return;
        const resources = orphans.get(runId) ?? emptyResources(runId);
        if (!resources[kind].includes(name)) resources[kind].push(name);
        orphans.set(runId, resources);
      };
      for (const t of topics) await add(t, 'topics');
      for (const g of groups) await add(g, 'groups');
    } catch (error) {
      report.errors.push(`kafka: ${(error as Error).message}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  redis.disconnect();

  for (const [runId, resources] of orphans) {
    const result = await deleteResources(resources, addresses);
    if (result.errors.length === 0) journal.remove(runId);
    report.errors.push(...result.errors.map((e) => `${runId}: ${e}`));
    report.runs.push(runId);
  }
  return report;
}
