// What ended runs could not delete (a broker refused), kept in the run journal and retried when
// that broker comes back; the Infrastructure page lists them.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';

const BrokerSchema = Type.Union([
  Type.Literal('redis'),
  Type.Literal('rabbitmq'),
  Type.Literal('kafka'),
]);

export const PendingCleanupSchema = Type.Object({
  runId: Type.String(),
  scenario: Type.String(),
  resources: Type.Object({
    redisKeyPrefix: Type.String(),
    queues: Type.Array(Type.String()),
    exchanges: Type.Array(Type.String()),
    topics: Type.Array(Type.String()),
    groups: Type.Array(Type.String()),
  }),
  lastError: Type.Union([Type.String(), Type.Null()], {
    description: 'why the last attempt failed; null when none was made by this server yet',
  }),
  attempts: Type.Integer({ minimum: 0 }),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
  brokers: Type.Array(BrokerSchema, {
    description: 'the brokers that refused; the cleanup is retried when one comes back',
  }),
});

const cleanups: FastifyPluginAsync = async (app) => {
  app.get(
    // Registered under the /api prefix (app.ts): GET /api/cleanups.
    '/cleanups',
    {
      schema: {
        tags: ['runs'],
        summary: 'Leftovers of ended runs still to delete, retried when their broker is back',
        response: { 200: Type.Array(PendingCleanupSchema) },
      },
    },
    async () => app.runs.pendingCleanups(),
  );
};

export default cleanups;
