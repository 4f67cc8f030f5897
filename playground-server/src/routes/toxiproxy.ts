// Toxiproxy 2.x's HTTP API over the process's fault proxies (infrastructure/faults), mounted at
// /api/toxiproxy: a Toxiproxy client given that address as its host drives the playground's
// proxies, runs' links included (named `<runId>.<link>`). Paths, verbs, bodies and status codes
// are Toxiproxy's; errors carry Toxiproxy's `error` and `status` next to the API's `statusCode`
// and `message`, so both kinds of client read them. Reading is open; changing anything needs the
// trainer token, like starting runs. See docs/faults.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ToxicError, processProxies } from '../../../infrastructure/faults/index.ts';
import type { FaultProxy, ProxyRegistry, Toxic } from '../../../infrastructure/faults/index.ts';
import { apiError } from '../plugins/errors.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../plugins/json-body.ts';
import { describeValidation } from '../plugins/validation-errors.ts';

export interface ToxiproxyOptions {
  /** Whose proxies the API shows; the process's by default (what runs create theirs in). */
  registry?: ProxyRegistry;
}

/** What GET /version answers: the API it speaks, not a Toxiproxy release. */
export const TOXIPROXY_API_VERSION = '2.x (distributed-systems-playground fault proxy)';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Address = Type.String({ minLength: 1, maxLength: 300, description: 'host:port' });

const ToxicSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  stream: Type.String(),
  toxicity: Type.Number(),
  attributes: Type.Record(Type.String(), Type.Number()),
});
const ProxySchema = Type.Object({
  name: Type.String(),
  listen: Type.String(),
  upstream: Type.String(),
  enabled: Type.Boolean(),
  toxics: Type.Array(ToxicSchema),
});
const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  status: Type.Integer({ description: "Toxiproxy's field for the status" }),
  error: Type.String({ description: "Toxiproxy's field for the message" }),
  message: Type.String(),
});

// Unknown fields are ignored, as Toxiproxy ignores them (clients send whole objects back).
const ProxyBody = Type.Object({
  name: Name,
  listen: Type.Optional(Address),
  upstream: Address,
  enabled: Type.Optional(Type.Boolean()),
});
const ProxyUpdateBody = Type.Object({
  listen: Type.Optional(Address),
  upstream: Type.Optional(Address),
  enabled: Type.Optional(Type.Boolean()),
});
// Types, streams and attributes are checked by the toolbox, whose messages list what is allowed.
const Attributes = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown());
const ToxicBody = Type.Object({
  name: Type.Optional(Name),
  type: Type.String({ maxLength: 64 }),
  stream: Type.Optional(Type.String({ maxLength: 64 })),
  toxicity: Type.Optional(Type.Number()),
  attributes: Type.Optional(Attributes),
});
const ToxicUpdateBody = Type.Object({
  toxicity: Type.Optional(Type.Number()),
  attributes: Type.Optional(Attributes),
});
const ProxyParams = Type.Object({ proxy: Name });
const ToxicParams = Type.Object({ proxy: Name, toxic: Name });

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['toxiproxy'];

const toxicView = (toxic: Toxic): Toxic => ({ ...toxic, attributes: { ...toxic.attributes } });

const routes: FastifyPluginAsyncTypebox<ToxiproxyOptions> = async (app, options) => {
  const registry = options.registry ?? processProxies;
  const guarded = { preHandler: app.requireTrainer };

  // Toxiproxy's clients send `Content-Type: application/json` on every request, bodiless
  // POST /reset and DELETE included: an empty body here is no body, not a parse error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(apiError(400, `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
    }
    parseJson(request, text, done);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = 500;
    let message = 'internal error; see the server log';
    if (error.validation) {
      status = 400;
      message = describeValidation(error.validationContext, error.validation)
        .map((e) => e.message)
        .join('; ');
    } else if (error instanceof ToxicError) {
      ({ status, message } = error);
    } else if (
      error.statusCode !== undefined &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      ({ statusCode: status, message } = error);
    } else {
      request.log.error({ err: error }, 'toxiproxy API request failed');
    }
    return reply.code(status).send({
      statusCode: status,
      status,
      error: message,
      message: message || (STATUS_CODES[status] ?? 'error'),
    });
  });

  const proxyView = (proxy: FaultProxy): ReturnType<FaultProxy['toJSON']> => proxy.toJSON();

  app.get(
    '/version',
    {
      schema: {
        tags,
        summary: 'The Toxiproxy API version spoken here',
        response: { 200: Type.Object({ version: Type.String() }) },
      },
    },
    async () => ({ version: TOXIPROXY_API_VERSION }),
  );

  app.get(
    '/proxies',
    {
      schema: {
        tags,
        summary: "Every proxy with its toxics, keyed by name (runs' links included)",
        response: { 200: Type.Record(Type.String(), ProxySchema) },
      },
    },
    async () => registry.toJSON(),
  );

  app.post(
    '/proxies',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Creates a proxy (listen defaults to 127.0.0.1 on a free port)',
        body: ProxyBody,
        response: { 201: ProxySchema, ...errors },
      },
    },
    async (request, reply) => {
      const proxy = await registry.create(request.body);
      return reply.code(201).send(proxyView(proxy));
    },
  );

  app.post(
    '/populate',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Creates each proxy, or replaces the one of that name when its addresses differ',
        body: Type.Array(ProxyBody, { maxItems: 200 }),
        response: { 201: Type.Object({ proxies: Type.Array(ProxySchema) }), ...errors },
      },
    },
    async (request, reply) => {
      const proxies = await registry.populate(request.body);
      return reply.code(201).send({ proxies: proxies.map(proxyView) });
    },
  );

  app.get(
    '/proxies/:proxy',
    {
      schema: {
        tags,
        summary: 'One proxy with its toxics',
        params: ProxyParams,
        response: { 200: ProxySchema, ...errors },
      },
    },
    async (request) => proxyView(registry.get(request.params.proxy)),
  );

  app.route({
    method: ['POST', 'PATCH'],
    url: '/proxies/:proxy',
    ...guarded,
    schema: {
      tags,
      summary: 'Enables or disables a proxy, or moves it (a new address closes its connections)',
      params: ProxyParams,
      body: ProxyUpdateBody,
      response: { 200: ProxySchema, ...errors },
    },
    handler: async (request) => {
      const proxy = registry.get(request.params.proxy);
      await proxy.reconfigure(request.body);
      return proxyView(proxy);
    },
  });

  app.delete(
    '/proxies/:proxy',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Deletes a proxy: its listener and connections close',
        params: ProxyParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await registry.delete(request.params.proxy);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/proxies/:proxy/toxics',
    {
      schema: {
        tags,
        summary: "A proxy's toxics, in the order they apply",
        params: ProxyParams,
        response: { 200: Type.Array(ToxicSchema), ...errors },
      },
    },
    async (request) => registry.get(request.params.proxy).toxics.map(toxicView),
  );

  app.post(
    '/proxies/:proxy/toxics',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Adds a toxic; it applies to open connections at once',
        params: ProxyParams,
        body: ToxicBody,
        response: { 200: ToxicSchema, ...errors },
      },
    },
    async (request) => toxicView(registry.get(request.params.proxy).addToxic(request.body)),
  );

  app.get(
    '/proxies/:proxy/toxics/:toxic',
    {
      schema: {
        tags,
        summary: 'One toxic',
        params: ToxicParams,
        response: { 200: ToxicSchema, ...errors },
      },
    },
    async (request) => toxicView(registry.get(request.params.proxy).toxic(request.params.toxic)),
  );

  app.route({
    method: ['POST', 'PATCH'],
    url: '/proxies/:proxy/toxics/:toxic',
    ...guarded,
    schema: {
      tags,
      summary: "Changes a toxic's toxicity or attributes (the attributes given; the rest stay)",
      params: ToxicParams,
      body: ToxicUpdateBody,
      response: { 200: ToxicSchema, ...errors },
    },
    handler: async (request) => {
      const { proxy, toxic } = request.params;
      return toxicView(registry.get(proxy).updateToxic(toxic, request.body));
    },
  });

  app.delete(
    '/proxies/:proxy/toxics/:toxic',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Removes a toxic; what it held passes on at once',
        params: ToxicParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      registry.get(request.params.proxy).removeToxic(request.params.toxic);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/reset',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Every proxy enabled, every toxic removed',
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (_request, reply) => {
      await registry.reset();
      return reply.code(204).send(null);
    },
  );
};

export default routes;
