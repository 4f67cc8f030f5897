import type { BrokerName } from '@playground/scenarios/sdk';
import type { PlaygroundConfig } from './config.ts';
import { addressOf } from './config.ts';
import { probeKafkaVersion } from './brokers/kafka-version.ts';
import { Redis } from 'ioredis';
import amqp from 'amqplib';

/** Quick reachability of the brokers a scenario needs; returns one message per broker that is down. */
export async function probeBrokers(
  config: PlaygroundConfig,
  needed: readonly BrokerName[],
): Promise<string[]> {
  const probes: Record<BrokerName, () => Promise<unknown>> = {
    redis: async () => {
      const client = new Redis(config.redisUrl, {
        lazyConnect: true,
        retryStrategy: () => null,
        connectTimeout: 2000,
        maxRetriesPerRequest: 0,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
      } finally {
        client.disconnect();
      }
    },
    rabbitmq: async () => {
      const conn = await amqp.connect(config.amqpUrl, { timeout: 2000 });
      await conn.close();
    },
    kafka: () => probeKafkaVersion(config.kafkaBrokers[0] ?? '127.0.0.1:9092', 2000),
  };
  const address = (b: BrokerName): string =>
    b === 'redis'
      ? addressOf(config.redisUrl)
      : b === 'rabbitmq'
        ? addressOf(config.amqpUrl)
        : config.kafkaBrokers.join(',');
  const results = await Promise.all(
    needed.map(async (b) => {
      try {
        await probes[b]();
        return undefined;
      } catch (error) {
        return `${b} is not reachable at ${address(b)}: ${(error as Error).message}`;
      }
    }),
  );
  return results.filter((r): r is string => r !== undefined);
}
