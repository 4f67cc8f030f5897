// Follow one request: the traces a run's shop services exported over OTLP, as a list of recent
// requests and, for one of them, every span it made. Traces live with the run in this process
// (the engine's receiver keeps them bounded), so they stay readable after the run ends for as
// long as the server keeps the run in memory; a run read back from the store has none.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RunTraces } from '../../../scenarios/src/sdk/traces.ts';
import { apiError } from '../plugins/errors.ts';
import {
  TRACE_LIST_DEFAULT,
  TraceDetailSchema,
  TraceListSchema,
  TraceParams,
  TracesQuery,
  crossedSystems,
} from '../../../scenarios/src/sdk/trace-schemas.ts';
import { ErrorSchema, RunIdParams } from './schemas.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  // Undefined for a run that has none: no shop, or not in memory any more.
  const tracesOf = (id: string): RunTraces | undefined => {
    const run = app.runs.get(id);
    if (run !== undefined) return run.traces();
    if (app.runs.view(id) !== undefined) return undefined;
    throw apiError(404, `no run "${id}"`);
  };
  const tags = ['traces'];

  app.get(
    '/runs/:id/traces',
    {
      schema: {
        tags,
        summary: "A run's recent requests, newest first, each traced across its services",
        params: RunIdParams,
        querystring: TracesQuery,
        response: { 200: TraceListSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const traces = tracesOf(request.params.id);
      if (traces === undefined) return { traces: [], received: 0 };
      const limit = request.query.limit ?? TRACE_LIST_DEFAULT;
      const crosses = crossedSystems(request.query.crosses);
      // The filter goes before the limit: the newest `limit` of those that cross, out of every
      // trace kept (list() alone would stop at its default).
      const list =
        crosses.length === 0
          ? traces.list(limit)
          : traces
              .list(Number.POSITIVE_INFINITY)
              .filter((t) => crosses.every((s) => t.systems.includes(s)))
              .slice(0, limit);
      return { traces: list, received: traces.received };
    },
  );

  app.get(
    '/runs/:id/traces/:traceId',
    {
      schema: {
        tags,
        summary: 'Every span of one trace, for its waterfall',
        params: TraceParams,
        response: { 200: TraceDetailSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { id, traceId } = request.params;
      const spans = tracesOf(id)?.get(traceId);
      if (spans === undefined) throw apiError(404, `run ${id} has no trace ${traceId}`);
      return { traceId, spans };
    },
  );
};

export default routes;
