// While a comparison runs, two records tell the server's start-up sweep (in any process) to
// leave its topics, queues and keys alone, and what to delete if this process dies: a lease in
// Redis, refreshed, and an entry in the run journal (RabbitMQ cannot list queues over AMQP).
import { Redis } from 'ioredis';
import type { BrokerAddresses } from '../engine/addresses.ts';
import type { RunJournal } from '../engine/journal.ts';
import { LEASE_TTL_MS, leaseKey } from '../engine/sweep.ts';
import type { RunResources } from '../sdk/spec.ts';

export interface LabGuard {
  /** Ends the lease; the journal entry goes only when every teardown succeeded. */
  release(cleanedUp: boolean): Promise<void>;
}

export async function guardComparison(
  runId: string,
  resources: RunResources,
  addresses: BrokerAddresses,
  journal: RunJournal | undefined,
  title: string,
): Promise<LabGuard> {
  journal?.write({ runId, pid: process.pid, scenario: title, resources });
  const redis = new Redis(addresses.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => (times > 20 ? null : 500),
    connectTimeout: 2000,
  });
  redis.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await redis.connect();
    const refresh = (): void =>
      void redis
        .set(leaseKey(runId), String(process.pid), 'PX', LEASE_TTL_MS)
        .catch(() => undefined);
    refresh();
    timer = setInterval(refresh, LEASE_TTL_MS / 3);
  } catch {
    // No Redis, no lease: without Redis the sweep scans neither Redis nor Kafka, and the journal
    // entry belongs to a live process, which the sweep leaves alone.
    redis.disconnect();
  }
  return {
    release: async (cleanedUp) => {
      if (timer !== undefined) {
        clearInterval(timer);
        await redis.del(leaseKey(runId)).catch(() => undefined);
        redis.disconnect();
      }
      if (cleanedUp) journal?.remove(runId);
    },
  };
}
