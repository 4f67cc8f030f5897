import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findScenario, scenarios } from '@playground/scenarios';
import { apiError } from '../plugins/errors.ts';
import { ErrorSchema, ScenarioIdParams, ScenarioViewSchema } from './schemas.ts';
import { scenarioView } from './scenario-view.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Every scenario with its params schema, metrics, and whether its brokers are up',
        response: { 200: Type.Array(ScenarioViewSchema) },
      },
    },
    async () => scenarios.map((s) => scenarioView(app, s, false)),
  );

  app.get(
    '/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'One scenario, with its lesson',
        params: ScenarioIdParams,
        response: { 200: ScenarioViewSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const scenario = findScenario(id);
      if (!scenario) {
        throw apiError(
          404,
          `no scenario "${id}" (known: ${scenarios.map((s) => s.id).join(', ')})`,
        );
      }
      return scenarioView(app, scenario, true);
    },
  );
};

export default routes;
