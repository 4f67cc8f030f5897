import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findScenario, scenarios } from '@playground/scenarios';
import type { Run } from '../engine/index.ts';
import { apiError } from '../plugins/errors.ts';
import {
  ErrorSchema,
  FramesQuery,
  FrameSchema,
  RunEventSchema,
  RunIdParams,
  RunViewSchema,
  StartRunBodySchema,
} from './schemas.ts';
import { runView, unavailableReason } from './scenario-view.ts';
import { framesToCsv } from './frames-csv.ts';

// Bad params (ParamsError) and the run limit (RunLimitError) are thrown through to the error
// handler (plugins/errors.ts), which answers 400 and 429 with the field, bound and value.
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const find = (id: string): Run => {
    const run = app.runs.get(id);
    if (!run) throw apiError(404, `no run "${id}"`);
    return run;
  };
  const guarded = { preHandler: app.requireTrainer };

  app.post(
    '/runs',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Start a run of a scenario',
        body: StartRunBodySchema,
        response: {
          201: RunViewSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const scenario = findScenario(body.scenario);
      if (!scenario) {
        throw apiError(
          404,
          `no scenario "${body.scenario}" (known: ${scenarios.map((s) => s.id).join(', ')})`,
          { field: 'scenario', value: body.scenario },
        );
      }
      // Params are checked before availability: a bad request is a bad request either way.
      const params = app.runs.validate(scenario, body.params ?? {});
      const unavailable = unavailableReason(app, scenario);
      if (unavailable !== undefined) throw apiError(503, unavailable);
      const run = app.runs.start(scenario, params, body.durationSec ?? 60);
      return reply.code(201).send(runView(run));
    },
  );

  app.get(
    '/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Every run kept, newest first',
        response: { 200: Type.Array(RunViewSchema) },
      },
    },
    async () => app.runs.list().map(runView),
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'One run',
        params: RunIdParams,
        response: { 200: RunViewSchema, 404: ErrorSchema },
      },
    },
    async (request) => runView(find(request.params.id)),
  );

  app.patch(
    '/runs/:id/params',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Change live params of a running run',
        params: RunIdParams,
        body: Type.Record(Type.String(), Type.Unknown(), {
          description: 'the live params to change, at least one',
        }),
        response: { 200: RunViewSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const run = find(request.params.id);
      if (run.state !== 'running') throw apiError(409, `run ${run.id} has ended (${run.state})`);
      run.updateParams(request.body);
      return runView(run);
    },
  );

  app.post(
    '/runs/:id/stop',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Stop a run; it finishes, is checked and cleaned up, then answers',
        params: RunIdParams,
        response: { 200: RunViewSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const run = find(request.params.id);
      run.stop();
      await run.done;
      return runView(run);
    },
  );

  app.get(
    '/runs/:id/frames',
    {
      schema: {
        tags: ['runs'],
        summary: "The run's frames, as JSON or (format=csv) CSV",
        params: RunIdParams,
        querystring: FramesQuery,
        response: {
          200: {
            description: 'the frames',
            content: {
              'application/json': { schema: Type.Object({ frames: Type.Array(FrameSchema) }) },
              'text/csv': { schema: Type.String({ description: 'one row per frame' }) },
            },
          },
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const run = find(request.params.id);
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${run.scenario.id}-${run.id}.csv"`)
          .send(framesToCsv(run.frames));
      }
      return { frames: run.frames };
    },
  );

  app.get(
    '/runs/:id/events',
    {
      schema: {
        tags: ['runs'],
        summary: "The run's narration",
        params: RunIdParams,
        response: { 200: Type.Object({ events: Type.Array(RunEventSchema) }), 404: ErrorSchema },
      },
    },
    async (request) => ({ events: find(request.params.id).events }),
  );
};

export default routes;
