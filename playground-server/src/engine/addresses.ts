import type { PlaygroundConfig } from '../config.ts';

export type BrokerAddresses = Pick<PlaygroundConfig, 'redisUrl' | 'amqpUrl' | 'kafkaBrokers'>;
