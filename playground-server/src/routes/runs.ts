import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findScenario, scenarios } from '@playground/scenarios';
import type { Run } from '../engine/index.ts';
import type { StoredRun } from '../store/run-store.ts';
import { importProblem, toExport } from '../store/run-export.ts';
import { apiError } from '../plugins/errors.ts';
import {
  ErrorSchema,
  RunExportSchema,
  FramesQuery,
  FrameSchema,
  RunEventSchema,
  RunIdParams,
  RunViewSchema,
  StartRunBodySchema,
} from './schemas.ts';
import { runView, unavailableReason } from './scenario-view.ts';
import { framesToCsv } from './frames-csv.ts';

const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

// Bad params (ParamsError) and the run limit (RunLimitError) are thrown through to the error
// handler (plugins/errors.ts), which answers 400 and 429 with the field, bound and value.
const routes: FastifyPluginAsyncTypebox = async (app) => {
  // A run in this process: what can be stopped or tuned.
  const find = (id: string): Run => {
    const run = app.runs.get(id);
    if (!run) {
      const kept = app.runs.view(id);
      if (kept) throw apiError(409, `run ${id} has ended (${kept.state})`);
      throw apiError(404, `no run "${id}"`);
    }
    return run;
  };
  // Any run, live, kept or imported: what can be read.
  const recorded = (id: string): StoredRun => {
    const run = app.runs.recorded(id);
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
      const run = app.runs.start(scenario, params, body.durationSec ?? scenario.durationSec ?? 60);
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
    async () => app.runs.list(),
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
    async (request) => {
      const view = app.runs.view(request.params.id);
      if (!view) throw apiError(404, `no run "${request.params.id}"`);
      return view;
    },
  );

  app.delete(
    '/runs/:id',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Delete a kept run or recording (a running one: stop it first)',
        params: RunIdParams,
        response: { 204: Type.Null(), 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = app.runs.delete(id);
      if (outcome === 'missing') throw apiError(404, `no run "${id}"`);
      if (outcome === 'running') throw apiError(409, `run ${id} is running; stop it first`);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/runs/:id/export',
    {
      schema: {
        tags: ['runs'],
        summary: 'The whole run as a self-describing file, for POST /api/runs/import',
        params: RunIdParams,
        response: { 200: RunExportSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = recorded(request.params.id);
      if (run.view.state === 'running')
        throw apiError(409, `run ${run.view.id} is running; export it once it has ended`);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${run.view.scenario}-${run.view.id}.playground-run.json"`,
        )
        .send(toExport(run));
    },
  );

  app.post(
    '/runs/import',
    {
      ...guarded,
      // An hour of frames at a fast tick is megabytes; every other route keeps the 64 KB limit.
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['runs'],
        summary: 'Keep an export as a recording (replayable, no broker needed)',
        body: RunExportSchema,
        response: { 201: RunViewSchema, 400: ErrorSchema, 413: ErrorSchema },
      },
    },
    async (request, reply) => {
      const problem = importProblem(request.body);
      if (problem !== undefined) throw apiError(400, problem);
      return reply.code(201).send(app.runs.importRun(request.body));
    },
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
      const run = app.runs.get(request.params.id);
      // Stopping a run that has ended (and left memory) answers as it did while it was there.
      if (!run) return recorded(request.params.id).view;
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
      const run = recorded(request.params.id);
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${run.view.scenario}-${run.view.id}.csv"`,
          )
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
    async (request) => ({ events: recorded(request.params.id).events }),
  );
};

export default routes;
