import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findScenario, scenarios } from '@playground/scenarios';
import { ErrorSchema } from './schemas.ts';
import { scenarioView } from './scenario-view.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.get(
    '/api/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Every scenario with its params schema, metrics, and whether its brokers are up',
      },
    },
    async () => scenarios.map((s) => scenarioView(app, s, false)),
  );

  app.get(
    '/api/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'One scenario, with its lesson',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const scenario = findScenario(id);
      if (!scenario) {
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `no scenario "${id}" (known: ${scenarios.map((s) => s.id).join(', ')})`,
        });
      }
      return scenarioView(app, scenario, true);
    },
  );
};

export default routes;
