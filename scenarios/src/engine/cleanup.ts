// Deletes what a run created. Every step is attempted even when another fails (a broker may be
// the reason the run ended), and each failure is reported rather than thrown.
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { RunResources } from '../sdk/index.ts';
import { deletePrefix } from '../sdk/redis/index.ts';
import type { BrokerAddresses } from './addresses.ts';

export interface CleanupReport {
  deleted: { redisKeys: number; queues: number; exchanges: number; topics: number; groups: number };
  errors: string[];
}

const QUIET_REDIS = {
  lazyConnect: true,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  retryStrategy: () => null,
  connectTimeout: 2000,
} as const;

export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<number> {
  return (await deletePrefix(redis, prefix)).deleted;
}

export function kafkaAdminClient(addresses: BrokerAddresses): Kafka {
  return new Kafka({
    clientId: 'playground-cleanup',
    brokers: addresses.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 2, initialRetryTime: 200 },
  });
}

export async function deleteResources(
  resources: RunResources,
  addresses: BrokerAddresses,
): Promise<CleanupReport> {
  const report: CleanupReport = {
    deleted: { redisKeys: 0, queues: 0, exchanges: 0, topics: 0, groups: 0 },
    errors: [],
  };
  const steps: Promise<void>[] = [];

  steps.push(
    (async () => {
      const redis = new Redis(addresses.redisUrl, QUIET_REDIS);
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        report.deleted.redisKeys = await deleteRedisKeys(redis, resources.redisKeyPrefix);
      } catch (error) {
        report.errors.push(`redis: ${(error as Error).message}`);
      } finally {
        redis.disconnect();
      }
    })(),
  );

  if (resources.queues.length + resources.exchanges.length > 0) {
    steps.push(
      (async () => {
        try {
          const connection = await amqp.connect(addresses.amqpUrl);
          connection.on('error', () => undefined);
          try {
            // A fresh channel per delete: one failure closes its channel, not the next delete.
            for (const queue of resources.queues) {
              const ch = await connection.createChannel();
              ch.on('error', () => undefined);
              await ch.deleteQueue(queue);
              report.deleted.queues++;
              await ch.close().catch(() => undefined);
            }
            for (const exchange of resources.exchanges) {
              const ch = await connection.createChannel();
              ch.on('error', () => undefined);
              await ch.deleteExchange(exchange);
              report.deleted.exchanges++;
              await ch.close().catch(() => undefined);
            }
          } finally {
            await connection.close().catch(() => undefined);
          }
        } catch (error) {
          report.errors.push(`rabbitmq: ${(error as Error).message}`);
        }
      })(),
    );
  }

  if (resources.topics.length + resources.groups.length > 0) {
    steps.push(
      (async () => {
        const admin = kafkaAdminClient(addresses).admin();
        try {
          await admin.connect();
          const groups = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
          const toDelete = resources.groups.filter((g) => groups.has(g));
          // A group can be deleted only once its last member has left; members that just
          // disconnected may take a moment to be gone from the coordinator.
          for (let attempt = 0; toDelete.length > 0 && attempt < 10; attempt++) {
            try {
              await admin.deleteGroups(toDelete);
              report.deleted.groups += toDelete.length;
              break;
            } catch (error) {
              if (attempt === 9) throw error;
              await new Promise((r) => setTimeout(r, 300));
            }
          }
          const topics = new Set(await admin.listTopics());
          const existing = resources.topics.filter((t) => topics.has(t));
          if (existing.length > 0) {
            await admin.deleteTopics({ topics: existing, timeout: 10_000 });
            report.deleted.topics = existing.length;
          }
        } catch (error) {
          report.errors.push(`kafka: ${(error as Error).message}`);
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      })(),
    );
  }

  await Promise.all(steps);
  return report;
}
