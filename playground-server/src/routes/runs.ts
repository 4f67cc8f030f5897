import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ParamsError, findScenario, scenarios } from '@playground/scenarios';
import { RunLimitError } from '../engine/index.ts';
import type { Run } from '../engine/index.ts';
import { ErrorSchema, EventSchema, FrameSchema, RunIdParams, RunSchema } from './schemas.ts';
import { runView, unavailableReason } from './scenario-view.ts';
import { framesToCsv } from './frames-csv.ts';

const StartBody = Type.Object(
  {
    scenario: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'a scenario id from GET /api/scenarios',
    }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "the scenario's params; omitted ones take their defaults",
      }),
    ),
    durationSec: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3600,
        default: 60,
        description: 'how long the load runs',
      }),
    ),
  },
  { additionalProperties: false },
);

function paramsError(reply: FastifyReply, error: ParamsError): FastifyReply {
  const first = error.errors[0];
  return reply.code(400).send({
    statusCode: 400,
    error: 'Bad Request',
    message: error.message,
    ...(first
      ? { field: first.field === '' ? 'params' : `params.${first.field}`, value: first.value }
      : {}),
    ...(first?.bound !== undefined ? { bound: first.bound } : {}),
    errors: error.errors.map((e) => ({
      ...e,
      field: e.field === '' ? 'params' : `params.${e.field}`,
    })),
  });
}

const routes: FastifyPluginAsync = async (app) => {
  const find = (reply: FastifyReply, id: string): Run | undefined => {
    const run = app.runs.get(id);
    if (!run)
      void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no run "${id}"` });
    return run;
  };
  const guarded = { preHandler: app.requireTrainer };

  app.post(
    '/api/runs',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Start a run of a scenario',
        body: StartBody,
        response: {
          201: RunSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as {
        scenario: string;
        params?: Record<string, unknown>;
        durationSec?: number;
      };
      const scenario = findScenario(body.scenario);
      if (!scenario) {
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `no scenario "${body.scenario}" (known: ${scenarios.map((s) => s.id).join(', ')})`,
          field: 'scenario',
          value: body.scenario,
        });
      }
      try {
        // Params are checked before availability: a bad request is a bad request either way.
        const params = app.runs.validate(scenario, body.params ?? {});
        const unavailable = unavailableReason(app, scenario);
        if (unavailable !== undefined) {
          return reply
            .code(503)
            .send({ statusCode: 503, error: 'Service Unavailable', message: unavailable });
        }
        const run = app.runs.start(scenario, params, body.durationSec ?? 60);
        return reply.code(201).send(runView(run));
      } catch (error) {
        if (error instanceof ParamsError) return paramsError(reply, error);
        if (error instanceof RunLimitError) {
          return reply.code(429).send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: error.message,
            bound: error.limit,
          });
        }
        throw error;
      }
    },
  );

  app.get(
    '/api/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Every run kept, newest first',
        response: { 200: Type.Array(RunSchema) },
      },
    },
    async () => app.runs.list().map(runView),
  );

  app.get(
    '/api/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'One run',
        params: RunIdParams,
        response: { 200: RunSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = find(reply, (request.params as { id: string }).id);
      return run ? runView(run) : reply;
    },
  );

  app.patch(
    '/api/runs/:id/params',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Change live params of a running run',
        params: RunIdParams,
        body: Type.Record(Type.String(), Type.Unknown()),
        response: { 200: RunSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = find(reply, (request.params as { id: string }).id);
      if (!run) return reply;
      if (run.state !== 'running') {
        return reply.code(409).send({
          statusCode: 409,
          error: 'Conflict',
          message: `run ${run.id} has ended (${run.state})`,
        });
      }
      try {
        run.updateParams(request.body);
      } catch (error) {
        if (error instanceof ParamsError) return paramsError(reply, error);
        throw error;
      }
      return runView(run);
    },
  );

  app.post(
    '/api/runs/:id/stop',
    {
      ...guarded,
      schema: {
        tags: ['runs'],
        summary: 'Stop a run; it finishes, is checked and cleaned up, then answers',
        params: RunIdParams,
        response: { 200: RunSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = find(reply, (request.params as { id: string }).id);
      if (!run) return reply;
      run.stop();
      await run.done;
      return runView(run);
    },
  );

  app.get(
    '/api/runs/:id/frames',
    {
      schema: {
        tags: ['runs'],
        summary: "The run's frames, as JSON or (format=csv) CSV",
        params: RunIdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
        response: { 200: Type.Object({ frames: Type.Array(FrameSchema) }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = find(reply, (request.params as { id: string }).id);
      if (!run) return reply;
      if ((request.query as { format?: string }).format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${run.scenario.id}-${run.id}.csv"`)
          .send(framesToCsv(run.frames));
      }
      return { frames: run.frames };
    },
  );

  app.get(
    '/api/runs/:id/events',
    {
      schema: {
        tags: ['runs'],
        summary: "The run's narration",
        params: RunIdParams,
        response: { 200: Type.Object({ events: Type.Array(EventSchema) }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = find(reply, (request.params as { id: string }).id);
      return run ? { events: run.events } : reply;
    },
  );
};

export default routes;
