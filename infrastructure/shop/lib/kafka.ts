// Kafka for the services (kafkajs, which the OTel instrumentation patches).
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';

export function kafkaClient(brokers: string[], clientId: string): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers,
    logLevel: kafkajs.logLevel.ERROR,
    retry: { retries: 5, initialRetryTime: 100 },
  });
}

export type { Kafka };
