import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { BrokerHealth } from '../brokers/health.ts';

const BrokerHealthSchema = Type.Object({
  ok: Type.Boolean(),
  version: Type.Union([Type.String(), Type.Null()]),
  latencyMs: Type.Union([Type.Number(), Type.Null()]),
  address: Type.String(),
  error: Type.Optional(Type.String()),
  checkedAt: Type.Union([Type.String(), Type.Null()]),
});

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  runtime: Type.Object(
    { node: Type.String({ description: 'the Node.js version the server runs on, e.g. v24.21.0' }) },
    { description: 'what the server itself runs on' },
  ),
  brokers: Type.Object({
    redis: BrokerHealthSchema,
    rabbitmq: BrokerHealthSchema,
    kafka: BrokerHealthSchema,
  }),
});

export function brokerHealth(
  app: Parameters<FastifyPluginAsync>[0],
): Record<'redis' | 'rabbitmq' | 'kafka', BrokerHealth> {
  return {
    redis: app.redis.monitor.health,
    rabbitmq: app.rabbitmq.monitor.health,
    kafka: app.kafka.monitor.health,
  };
}

const health: FastifyPluginAsync = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Each broker: reachable, version it reports, round-trip latency, address',
        response: { 200: HealthSchema },
      },
    },
    async () => {
      const brokers = brokerHealth(app);
      const allOk = Object.values(brokers).every((b) => b.ok);
      return {
        status: allOk ? ('ok' as const) : ('degraded' as const),
        runtime: { node: process.version },
        brokers,
      };
    },
  );
};

export default health;
