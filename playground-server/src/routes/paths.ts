// Learning paths for the catalogue: scenario ids in order, only those this server has.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findScenario, paths } from '@playground/scenarios';
import { LearningPathSchema } from './schemas.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const known = paths.map((p) => ({
    ...p,
    scenarios: p.scenarios.filter((id) => findScenario(id) !== undefined),
  }));
  app.get(
    '/paths',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Learning paths: scenarios in the order to meet them',
        response: { 200: Type.Array(LearningPathSchema) },
      },
    },
    async () => known,
  );
};

export default routes;
