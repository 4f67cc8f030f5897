// The fault panel: a live run's links (fault proxies between its clients and each broker node)
// and nodes (processes the run started). Reading is open; applying a fault needs the trainer
// token, like starting and stopping runs. Every fault applied is an event and a chart marker.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Run } from '../engine/index.ts';
import { ToxicError } from '../../../infrastructure/faults/index.ts';
import { FaultConflict, UnknownFaultTarget } from '@playground/scenarios/engine';
import { apiError } from '../plugins/errors.ts';
import {
  AddToxicBodySchema,
  FaultsViewSchema,
  LinkParams,
  LinkStateBodySchema,
  NodeActionParams,
  ToxicParams,
} from '../../../scenarios/src/sdk/fault-schemas.ts';
import { ErrorSchema, RunIdParams } from './schemas.ts';

const errors = { 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const live = (id: string): Run => {
    const run = app.runs.get(id);
    const state = run?.state ?? app.runs.view(id)?.state;
    if (state === undefined) throw apiError(404, `no run "${id}"`);
    if (!run || state !== 'running') {
      throw apiError(409, `run ${id} has ended (${state}): its links and nodes are gone`);
    }
    return run;
  };
  // The toolbox's own errors carry their status; an unknown link or node is a 404.
  const apply = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ToxicError) throw apiError(error.status, error.message);
      if (error instanceof UnknownFaultTarget) throw apiError(404, error.message);
      if (error instanceof FaultConflict) throw apiError(409, error.message);
      throw error;
    }
  };
  const guarded = { preHandler: app.requireTrainer };
  const tags = ['faults'];

  app.get(
    '/runs/:id/faults',
    {
      schema: {
        tags,
        summary: "A live run's links, their toxics, and its nodes (none once it has ended)",
        params: RunIdParams,
        response: { 200: FaultsViewSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const run = app.runs.get(id);
      if (run?.state === 'running') return run.faults.view();
      // Ended (a viewer's last poll often lands just after): its links and nodes are gone.
      if (run || app.runs.view(id)) return { links: [], nodes: [] };
      throw apiError(404, `no run "${id}"`);
    },
  );

  app.post(
    '/runs/:id/faults/toxics',
    {
      ...guarded,
      schema: {
        tags,
        summary: "Adds a toxic (Toxiproxy's types and attributes) to one of the run's links",
        params: RunIdParams,
        body: AddToxicBodySchema,
        response: { 201: FaultsViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const run = live(request.params.id);
      const { link, ...toxic } = request.body;
      await apply(() => run.faults.addToxic(link, toxic));
      return reply.code(201).send(run.faults.view());
    },
  );

  app.delete(
    '/runs/:id/faults/links/:link/toxics/:toxic',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Removes a toxic',
        params: ToxicParams,
        response: { 200: FaultsViewSchema, ...errors },
      },
    },
    async (request) => {
      const run = live(request.params.id);
      await apply(() => run.faults.removeToxic(request.params.link, request.params.toxic));
      return run.faults.view();
    },
  );

  app.post(
    '/runs/:id/faults/links/:link',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Takes a link down (every connection closed, nothing listening) or up again',
        params: LinkParams,
        body: LinkStateBodySchema,
        response: { 200: FaultsViewSchema, ...errors },
      },
    },
    async (request) => {
      const run = live(request.params.id);
      const { link } = request.params;
      await apply(() => (request.body.enabled ? run.faults.up(link) : run.faults.down(link)));
      return run.faults.view();
    },
  );

  app.post(
    '/runs/:id/faults/clear',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Removes every toxic and brings every link up',
        params: RunIdParams,
        response: { 200: FaultsViewSchema, ...errors },
      },
    },
    async (request) => {
      const run = live(request.params.id);
      await run.faults.clear();
      return run.faults.view();
    },
  );

  app.post(
    '/runs/:id/faults/nodes/:node/:action',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Kills, pauses, resumes, stops or restarts a node the run started',
        params: NodeActionParams,
        response: { 200: FaultsViewSchema, ...errors },
      },
    },
    async (request) => {
      const run = live(request.params.id);
      await apply(() => run.faults.act(request.params.node, request.params.action));
      return run.faults.view();
    },
  );
};

export default routes;
