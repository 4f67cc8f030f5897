// What a finished run left on the brokers. Every scenario test ends with
// `await expectGoneFromBrokers(run)`: nothing a run creates may outlive it.
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import type { RunResources } from '../sdk/index.ts';
import { scanKeys } from '../sdk/redis/index.ts';
import { addressesFromEnv, kafkaAdminClient } from '../engine/index.ts';
import type { BrokerAddresses } from '../engine/index.ts';

export interface Leftovers {
  redisKeys: number;
  queues: string[];
  exchanges: string[];
  topics: string[];
  groups: string[];
}

const empty = (l: Leftovers): boolean =>
  l.redisKeys === 0 &&
  l.queues.length + l.exchanges.length + l.topics.length + l.groups.length === 0;

/** Counts what is still on each broker under the run's registered resources. */
export async function leftoversOf(
  resources: RunResources,
  addresses: BrokerAddresses = addressesFromEnv(),
): Promise<Leftovers> {
  const found: Leftovers = { redisKeys: 0, queues: [], exchanges: [], topics: [], groups: [] };

  const redis = new Redis(addresses.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    found.redisKeys = (await scanKeys(redis, resources.redisKeyPrefix)).keys.length;
  } finally {
    redis.disconnect();
  }

  if (resources.queues.length + resources.exchanges.length > 0) {
    const connection = await amqp.connect(addresses.amqpUrl);
    connection.on('error', () => undefined);
    try {
      // A failed passive declare closes its channel, so each probe gets a throwaway one.
      const exists = async (probe: (ch: amqp.Channel) => Promise<unknown>): Promise<boolean> => {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          await probe(channel);
          await channel.close();
          return true;
        } catch {
          return false;
        }
      };
      for (const q of resources.queues)
        if (await exists((ch) => ch.checkQueue(q))) found.queues.push(q);
      for (const x of resources.exchanges)
        if (await exists((ch) => ch.checkExchange(x))) found.exchanges.push(x);
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  if (resources.topics.length + resources.groups.length > 0) {
    const admin = kafkaAdminClient(addresses).admin();
    await admin.connect();
    try {
      const topics = new Set(await admin.listTopics());
      const groups = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
      found.topics = resources.topics.filter((t) => topics.has(t));
      found.groups = resources.groups.filter((g) => groups.has(g));
    } finally {
      await admin.disconnect();
    }
  }
  return found;
}

/**
 * Throws, naming each leftover, unless every key, queue, exchange, topic and group the run
 * registered is gone. Kafka's metadata follows a deletion within moments, so this looks again
 * for up to `withinMs` before it decides.
 */
export async function expectGoneFromBrokers(
  run: { resources: RunResources },
  options: { withinMs?: number; addresses?: BrokerAddresses } = {},
): Promise<void> {
  const deadline = Date.now() + (options.withinMs ?? 3000);
  for (;;) {
    const left = await leftoversOf(run.resources, options.addresses);
    if (empty(left)) return;
    if (Date.now() >= deadline) {
      throw new Error(`the run left resources behind: ${JSON.stringify(left)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
