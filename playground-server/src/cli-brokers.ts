import type { BrokerName } from '@playground/scenarios/sdk';
import type { PlaygroundConfig } from './config.ts';
import { addressOf, redactCredentials } from './config.ts';
import { probeKafka, probeRabbitmq, probeRedis } from '../../infrastructure/launcher/probe.ts';

/** Reachability of the brokers a scenario needs: one message per broker that is down. */
export async function probeBrokers(
  config: PlaygroundConfig,
  needed: readonly BrokerName[],
): Promise<string[]> {
  const probes = {
    redis: () => probeRedis(config.redisUrl, 2000),
    rabbitmq: () => probeRabbitmq(config.amqpUrl, 2000),
    kafka: () => probeKafka(config.kafkaBrokers[0] ?? '127.0.0.1:9092', 2000),
  };
  const address = (b: BrokerName): string =>
    b === 'redis'
      ? addressOf(config.redisUrl)
      : b === 'rabbitmq'
        ? addressOf(config.amqpUrl)
        : config.kafkaBrokers.join(',');
  const results = await Promise.all(
    needed.map(async (b) => {
      const result = await probes[b]();
      return result.ok
        ? undefined
        : `${b} is not reachable at ${address(b)}: ${redactCredentials(result.error)}`;
    }),
  );
  return results.filter((r): r is string => r !== undefined);
}
