import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BrokerHealth, Health } from './schemas.ts';
import { HealthSchema } from './schemas.ts';

export function brokerHealth(app: FastifyInstance): Health['brokers'] {
  return {
    redis: app.redis.monitor.health,
    rabbitmq: app.rabbitmq.monitor.health,
    kafka: app.kafka.monitor.health,
  };
}

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Each broker: reachable, version it reports, round-trip latency, address',
        response: { 200: HealthSchema },
      },
    },
    async (): Promise<Health> => {
      const brokers = brokerHealth(app);
      const allOk = Object.values(brokers).every((b: BrokerHealth) => b.ok);
      return { status: allOk ? 'ok' : 'degraded', runtime: { node: process.version }, brokers };
    },
  );
};

export default health;
