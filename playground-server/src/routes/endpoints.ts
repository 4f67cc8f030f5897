// A live run's own HTTP servers (an origin a caching scenario started, say), reached through this
// server so the learner's browser can fetch from them: the browser only knows this server's
// address, and the run's servers listen on loopback. Requests and answers pass with their caching
// headers untouched — the browser's own HTTP cache is what the page demonstrates — and the
// request gains a Via header, as a proxy's should, so the run can tell the page's requests from
// its own load.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { apiError } from '../plugins/errors.ts';
import { ErrorSchema } from './schemas.ts';

/** What the forwarded request carries: the ones that make a request conditional or not. */
const REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'cache-control',
  'pragma',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
  'range',
] as const;

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, not the answer. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** The token a run's server sees in Via for requests that came through here. */
export const VIA = '1.1 playground-server';

const UPSTREAM_TIMEOUT_MS = 10_000;

export const EndpointParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9]{6,16}$', description: 'a run id' }),
  name: Type.String({
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
    maxLength: 64,
    description: 'the name the scenario exposed its server under (e.g. origin)',
  }),
  '*': Type.String({ maxLength: 2048, description: 'the path on that server' }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const handler = {
    schema: {
      tags: ['runs'],
      summary:
        "Forwards a GET to an HTTP server a live run exposed (a caching scenario's origin), caching headers untouched",
      params: EndpointParams,
      response: { 404: ErrorSchema, 502: ErrorSchema },
    },
  };
  const forward = async (
    request: { params: { id: string; name: string; '*': string }; url: string; method: string },
    headers: IncomingHttpHeaders,
  ): Promise<IncomingMessage> => {
    const { id, name } = request.params;
    const run = app.runs.get(id);
    if (run === undefined && app.runs.view(id) === undefined) throw apiError(404, `no run "${id}"`);
    const base = run?.state === 'running' ? run.httpEndpoint(name) : undefined;
    if (base === undefined) {
      throw apiError(404, `run ${id} has no live HTTP endpoint "${name}" (ended, or not started)`);
    }
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const target = new URL(`/${request.params['*']}${search}`, base);
    const outgoing: Record<string, string> = { via: VIA };
    for (const header of REQUEST_HEADERS) {
      const value = headers[header];
      if (typeof value === 'string') outgoing[header] = value;
    }
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(target, {
        method: request.method,
        headers: outgoing,
        timeout: UPSTREAM_TIMEOUT_MS,
      });
      upstream.on('response', resolve);
      upstream.on('timeout', () => upstream.destroy(new Error('no answer in time')));
      upstream.on('error', (error) =>
        reject(apiError(502, `the run's endpoint "${name}" did not answer: ${error.message}`)),
      );
      upstream.end();
    });
  };

  // Fastify answers HEAD with this route too (exposeHeadRoutes), forwarded as a HEAD.
  app.get('/runs/:id/endpoints/:name/*', handler, async (request, typed) => {
    const answer = await forward(request, request.headers);
    // The status and body are the endpoint's own, which no schema here describes.
    const reply = typed as unknown as FastifyReply;
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(key)) headers[key] = value;
    }
    reply.code(answer.statusCode ?? 502).headers(headers);
    // A 304 has no body; the stream is still drained so the socket is freed. (A HEAD's empty
    // stream goes through: Fastify's HEAD handling then keeps the endpoint's content-length.)
    if (answer.statusCode === 304) {
      answer.resume();
      return reply.send();
    }
    return reply.send(answer);
  });
};

export default routes;
