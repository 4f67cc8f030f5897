// Where the brokers are. The server validates these from its environment (config.ts); the CLI
// and tests take the same variables through `addressesFromEnv`.
export interface BrokerAddresses {
  redisUrl: string;
  amqpUrl: string;
  kafkaBrokers: string[];
}

export const DEFAULT_ADDRESSES: BrokerAddresses = {
  redisUrl: 'redis://127.0.0.1:6379',
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
  kafkaBrokers: ['127.0.0.1:9092'],
};

/** The broker addresses from REDIS_URL, AMQP_URL and KAFKA_BROKERS, unvalidated. */
export function addressesFromEnv(env: NodeJS.ProcessEnv = process.env): BrokerAddresses {
  const pick = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    redisUrl: pick('REDIS_URL') ?? DEFAULT_ADDRESSES.redisUrl,
    amqpUrl: pick('AMQP_URL') ?? DEFAULT_ADDRESSES.amqpUrl,
    kafkaBrokers:
      pick('KAFKA_BROKERS')
        ?.split(',')
        .map((b) => b.trim())
        .filter(Boolean) ?? DEFAULT_ADDRESSES.kafkaBrokers,
  };
}
