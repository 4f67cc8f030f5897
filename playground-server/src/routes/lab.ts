// The comparison lab's API, under /api/lab: the shipped workloads, the targets and what each
// makes of a workload, a queue of comparisons (one runs at a time) and their saved results.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { TARGET_IDS } from '../../../scenarios/src/lab/target.ts';
import { findWorkload, shippedWorkloads } from '../../../scenarios/src/lab/workloads.ts';
import { WorkloadError, parseWorkload } from '../../../scenarios/src/lab/workload.ts';
import {
  ComparisonIdParams,
  ComparisonResultSchema,
  ComparisonSummarySchema,
  LabExportQuery,
  LabQueueSchema,
  QueuedComparisonSchema,
  StartComparisonBodySchema,
  TargetInfoSchema,
  TargetsQuerySchema,
  WorkloadSchema,
} from '../../../scenarios/src/sdk/lab-schemas.ts';
import type {
  ComparisonResult,
  StartComparisonBody,
  TargetInfo,
  Workload,
} from '../../../scenarios/src/sdk/lab-schemas.ts';
import { apiError } from '../plugins/errors.ts';
import labPlugin from '../plugins/lab.ts';
import type { LabOptions } from '../plugins/lab.ts';
import { comparisonToCsv } from './lab-csv.ts';
import { ErrorSchema } from './schemas.ts';

const tags = ['lab'];

const routes: FastifyPluginAsyncTypebox<Partial<LabOptions>> = async (app, options) => {
  await app.register(labPlugin, options);
  const guarded = { preHandler: app.requireTrainer };
  const { queue, store, targets } = app.lab;

  const shipped = (name: string, field: string): Workload => {
    const workload = findWorkload(name);
    if (workload) return workload;
    const known = shippedWorkloads().map((w) => w.name);
    throw apiError(400, `no workload "${name}" (shipped: ${known.join(', ')})`, {
      field,
      value: name,
    });
  };

  /** The body's workload, named or written out; every problem names its field. */
  const workloadOf = (body: StartComparisonBody): Workload => {
    if ((body.workload === undefined) === (body.workloadText === undefined)) {
      throw apiError(400, 'give either workload (a shipped one’s name) or workloadText', {
        field: 'workload',
      });
    }
    let workload: Workload;
    if (body.workload !== undefined) {
      workload = shipped(body.workload, 'workload');
    } else {
      try {
        workload = parseWorkload(body.workloadText ?? '', 'workloadText');
      } catch (error) {
        if (!(error instanceof WorkloadError)) throw error;
        throw apiError(400, error.message, {
          field: 'workloadText',
          errors: error.problems.map((problem) => ({ field: 'workloadText', message: problem })),
        });
      }
    }
    return body.durationSec === undefined
      ? workload
      : { ...workload, testDurationSeconds: body.durationSec };
  };

  /** A saved result; a comparison still queued or running has none yet. */
  const saved = (id: string): ComparisonResult => {
    const result = store.get(id);
    if (result) return result;
    const live = queue.entry(id);
    if (live)
      throw apiError(409, `comparison ${id} is ${live.state}; its result comes when it ends`);
    throw apiError(404, `no comparison "${id}"`);
  };

  app.get(
    '/workloads',
    {
      schema: {
        tags,
        summary: 'The shipped workloads',
        response: { 200: Type.Array(WorkloadSchema) },
      },
    },
    async () => shippedWorkloads(),
  );

  app.get(
    '/targets',
    {
      schema: {
        tags,
        summary: 'Every target; with ?workload=, how each would map it (or why it cannot)',
        querystring: TargetsQuerySchema,
        response: { 200: Type.Array(TargetInfoSchema), 400: ErrorSchema },
      },
    },
    async (request) => {
      const name = request.query.workload;
      const workload = name === undefined ? undefined : shipped(name, 'workload');
      return TARGET_IDS.map((id): TargetInfo => {
        const target = targets.find((t) => t.id === id);
        if (!target) return { id, title: id, available: false };
        return {
          id,
          title: target.title,
          available: true,
          ...(workload ? { plan: target.plan(workload) } : {}),
        };
      });
    },
  );

  app.post(
    '/comparisons',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Queue a comparison (one runs at a time; position says how many are ahead)',
        body: StartComparisonBodySchema,
        response: { 202: QueuedComparisonSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const workload = workloadOf(body);
      const missing = body.targets.filter((id) => !targets.some((t) => t.id === id));
      if (missing.length > 0) {
        throw apiError(400, `not available on this server: ${missing.join(', ')}`, {
          field: 'targets',
          value: missing,
        });
      }
      const repeated = body.targets.find((id, i) => body.targets.indexOf(id) !== i);
      if (repeated !== undefined) {
        throw apiError(400, `target ${repeated} is named twice`, {
          field: 'targets',
          value: repeated,
        });
      }
      return reply.code(202).send(queue.enqueue(workload, body.targets));
    },
  );

  app.get(
    '/queue',
    {
      schema: {
        tags,
        summary: 'What runs and waits now, with the running target’s progress and samples',
        response: { 200: LabQueueSchema },
      },
    },
    async () => queue.view(),
  );

  app.get(
    '/comparisons',
    {
      schema: {
        tags,
        summary: 'Saved comparisons, newest first, with each target’s headline numbers',
        response: { 200: Type.Array(ComparisonSummarySchema) },
      },
    },
    async () => store.list(),
  );

  app.get(
    '/comparisons/:id',
    {
      schema: {
        tags,
        summary: 'One saved comparison, whole',
        params: ComparisonIdParams,
        response: { 200: ComparisonResultSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => saved(request.params.id),
  );

  app.delete(
    '/comparisons/:id',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Delete a saved comparison (a queued or running one: stop it first)',
        params: ComparisonIdParams,
        response: { 204: Type.Null(), 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      saved(id);
      store.delete(id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/comparisons/:id/stop',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Stop a running comparison (its result is saved as stopped) or drop a queued one',
        params: ComparisonIdParams,
        response: {
          200: Type.Object({
            id: Type.String(),
            state: Type.Union([Type.Literal('stopping'), Type.Literal('cancelled')]),
          }),
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const outcome = queue.stop(id);
      if (outcome !== 'missing') return { id, state: outcome };
      if (store.get(id)) throw apiError(409, `comparison ${id} has already ended`);
      throw apiError(404, `no comparison "${id}"`);
    },
  );

  app.get(
    '/comparisons/:id/export',
    {
      schema: {
        tags,
        summary: 'A saved comparison as a JSON file or (format=csv) one CSV row per target',
        params: ComparisonIdParams,
        querystring: LabExportQuery,
        response: {
          200: {
            content: {
              'application/json': { schema: ComparisonResultSchema },
              'text/csv': { schema: Type.String({ description: 'one row per target' }) },
            },
          },
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const result = saved(request.params.id);
      const name = `comparison-${result.workload.name}-${result.id}`;
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(comparisonToCsv(result));
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.json"`)
        .send(result);
    },
  );
};

export default routes;
