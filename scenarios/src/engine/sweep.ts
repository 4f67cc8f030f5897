// On start-up, deletes what crashed runs left: runs journaled by a process that is gone, and
// namespaced keys, topics and groups whose run holds no lease (`pg-lease:<runId>`, refreshed by
// every live run, in whatever process). Runs of live processes are never touched.
import { Redis } from 'ioredis';
import { NAMESPACE_ROOT } from '../sdk/index.ts';
import type { BrokerName, RunResources } from '../sdk/index.ts';
import type { BrokerAddresses } from './addresses.ts';
import { deleteResources, kafkaAdminClient } from './cleanup.ts';
import type { JournalEntry, RunJournal } from './journal.ts';
import { sweepPrivateInstances } from '../../../infrastructure/launcher/private/index.ts';

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
  const privates = await sweepPrivateInstances(activeRunIds);
  report.runs.push(...privates.runs);
  report.errors.push(...privates.errors);
  const orphans = new Map<string, RunResources>();
  const journaled = new Map<string, JournalEntry>();

  for (const entry of journal.pending(activeRunIds)) {
    journaled.set(entry.runId, entry);
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
    else {
      // Journaled (found on the brokers or not), so it is listed as pending and retried.
      const entry = journaled.get(runId) ?? {
        runId,
        pid: process.pid,
        scenario: 'unknown (found on the brokers)',
        resources,
      };
      journal.noteCleanupFailure({ ...entry, resources }, result.errors);
    }
    report.errors.push(...result.errors.map((e) => `${runId}: ${e}`));
    report.runs.push(runId);
  }
  return report;
}

export interface RetryReport {
  /** Runs whose leftovers are now gone. */
  cleaned: string[];
  /** Runs still pending, with what refused this time. */
  failed: { runId: string; errors: string[] }[];
}

/**
 * Tries again to delete what runs left because a broker refused. With `broker`, only the runs
 * that broker refused (or that were never tried) are retried: it is the one that came back.
 */
export async function retryCleanups(
  addresses: BrokerAddresses,
  journal: RunJournal,
  activeRunIds: ReadonlySet<string>,
  broker?: BrokerName,
): Promise<RetryReport> {
  const report: RetryReport = { cleaned: [], failed: [] };
  for (const entry of journal.pending(activeRunIds)) {
    const refusedBy = entry.cleanup?.brokers ?? [];
    if (broker !== undefined && refusedBy.length > 0 && !refusedBy.includes(broker)) continue;
    const result = await deleteResources(entry.resources, addresses);
    if (result.errors.length === 0) {
      journal.remove(entry.runId);
      report.cleaned.push(entry.runId);
    } else {
      journal.noteCleanupFailure(entry, result.errors);
      report.failed.push({ runId: entry.runId, errors: result.errors });
    }
  }
  return report;
}
