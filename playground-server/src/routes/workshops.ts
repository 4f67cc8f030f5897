// Workshops: the shipped lesson plans (playground-server/workshops/*.json), the live one a
// trainer starts for the room, and the room's runs-at-once limits. Reading is open; starting,
// ending and limiting need the trainer token when one is configured.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParamsError, findScenario } from '@playground/scenarios';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../plugins/errors.ts';
import {
  ErrorSchema,
  WorkshopLimitsSchema,
  WorkshopSchema,
  WorkshopStateSchema,
} from './schemas.ts';
import type { Workshop } from './schemas.ts';

export const WORKSHOPS_DIR = fileURLToPath(new URL('../../workshops/', import.meta.url));

/** The shipped plans, in file-name order; a file that is not a plan is a bug caught by its test. */
export function shippedWorkshops(dir = WORKSHOPS_DIR): Workshop[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as unknown)
    .filter((plan): plan is Workshop => Value.Check(WorkshopSchema, plan));
}

/** A plan's scenarios exist and its preset params are within their bounds (400 naming which). */
export function checkPlan(app: FastifyInstance, plan: Workshop): void {
  plan.steps.forEach((step, i) => {
    const at = `plan.steps.${i}`;
    const scenario = findScenario(step.scenario);
    if (!scenario) {
      throw apiError(400, `step ${i + 1}: no scenario "${step.scenario}"`, {
        field: `${at}.scenario`,
        value: step.scenario,
      });
    }
    try {
      app.runs.validate(scenario, step.params ?? {});
    } catch (error) {
      if (!(error instanceof ParamsError)) throw error;
      const first = error.errors[0];
      throw apiError(400, `step ${i + 1} (${step.scenario}): ${error.message}`, {
        field: `${at}.params${first?.field ? `.${first.field}` : ''}`,
        ...(first?.bound === undefined ? {} : { bound: first.bound }),
        ...(first === undefined ? {} : { value: first.value }),
      });
    }
  });
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const shipped = shippedWorkshops();
  const guarded = { preHandler: app.requireTrainer };

  app.get(
    '/workshops',
    {
      schema: {
        tags: ['workshops'],
        summary: 'The lesson plans shipped with the playground',
        response: { 200: Type.Array(WorkshopSchema) },
      },
    },
    async () => shipped,
  );

  app.get(
    '/workshops/:id',
    {
      schema: {
        tags: ['workshops'],
        summary: 'One shipped lesson plan, as its file',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: WorkshopSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const plan = shipped.find((w) => w.id === request.params.id);
      if (!plan) throw apiError(404, `no workshop "${request.params.id}"`);
      return reply
        .header('content-disposition', `attachment; filename="${plan.id}.json"`)
        .send(plan);
    },
  );

  app.get(
    '/workshop',
    {
      schema: {
        tags: ['workshops'],
        summary: 'The live workshop: its plan, where the presenter is, its limits',
        response: { 200: WorkshopStateSchema },
      },
    },
    async () => app.workshop.state(),
  );

  app.put(
    '/workshop',
    {
      ...guarded,
      schema: {
        tags: ['workshops'],
        summary: 'Start a workshop for the room with this plan (shipped or uploaded)',
        body: Type.Object({ plan: WorkshopSchema }, { additionalProperties: false }),
        response: { 200: WorkshopStateSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      checkPlan(app, request.body.plan);
      return app.workshop.start(request.body.plan);
    },
  );

  app.delete(
    '/workshop',
    {
      ...guarded,
      schema: {
        tags: ['workshops'],
        summary: 'End the live workshop (its limits stay until changed)',
        response: { 200: WorkshopStateSchema, 401: ErrorSchema },
      },
    },
    async () => app.workshop.end(),
  );

  app.get(
    '/workshop/limits',
    {
      schema: {
        tags: ['workshops'],
        summary: "The room's runs-at-once limits",
        response: { 200: WorkshopLimitsSchema },
      },
    },
    async () => app.workshop.state().limits,
  );

  app.put(
    '/workshop/limits',
    {
      ...guarded,
      schema: {
        tags: ['workshops'],
        summary: "Set the room's runs-at-once limits, per client and in all (null: none)",
        body: WorkshopLimitsSchema,
        response: { 200: WorkshopLimitsSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request) => app.workshop.setLimits(request.body).limits,
  );
};

export default routes;
