// Bad input gets a 4xx that names what is wrong: no coercion of JSON types, no 500 from a deep
// body, no misleading message for keys that happen to be Object.prototype's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import queryStrings from '../src/plugins/query-strings.ts';
import { nestsDeeperThan } from '../src/plugins/json-body.ts';
import { startServer } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

interface ErrorBody {
  statusCode: number;
  message: string;
  field?: string;
  value?: unknown;
}

const send = (url: string, method: string, body: string): Promise<Response> =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body });

describe('input the API refuses, and why', () => {
  let server: Harness;
  let runId: string;
  beforeAll(async () => {
    server = await startServer({ MAX_RUNS: '2' });
    const res = await send(
      `${server.url}/api/runs`,
      'POST',
      JSON.stringify({ scenario: 'rate-limiting', durationSec: 30 }),
    );
    runId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await send(`${server.url}/api/runs/${runId}/stop`, 'POST', '{}');
    await server.close();
  });

  it('takes JSON types as sent: an array is not a string, true is not a number', async () => {
    const res = await send(
      `${server.url}/api/runs`,
      'POST',
      JSON.stringify({ scenario: ['rate-limiting'], durationSec: true }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody & { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['durationSec', 'scenario']);
    expect(server.app.runs.list()).toHaveLength(1);

    const nullDuration = await send(
      `${server.url}/api/runs`,
      'POST',
      JSON.stringify({ scenario: 'rate-limiting', durationSec: null }),
    );
    expect(nullDuration.status).toBe(400);
    const message = ((await nullDuration.json()) as ErrorBody).message;
    expect(message).toMatch(/durationSec .*\(got null\)/);
    expect(message).not.toMatch(/got 0/);
  });

  it("names Object.prototype's keys as unknown params, not as bad values or fixed params", async () => {
    const start = await send(
      `${server.url}/api/runs`,
      'POST',
      JSON.stringify({ scenario: 'rate-limiting', params: { constructor: 1 } }),
    );
    expect(start.status).toBe(400);
    expect(await start.json()).toMatchObject({
      field: 'params.constructor',
      message: expect.stringMatching(/not a param of this scenario/),
    });

    const patch = await send(
      `${server.url}/api/runs/${runId}/params`,
      'PATCH',
      JSON.stringify({ toString: 1 }),
    );
    expect(patch.status).toBe(400);
    const body = (await patch.json()) as ErrorBody;
    expect(body).toMatchObject({ field: 'params.toString' });
    expect(body.message).toMatch(/not a param/);
    expect(body.message).not.toMatch(/cannot change/);
  });

  it('refuses an empty change with 400 and leaves the event log alone', async () => {
    // The run narrates on its own meanwhile: what must not appear is a change.
    const changes = (): number =>
      server.app.runs.get(runId)!.events.filter((e) => e.message.startsWith('params changed'))
        .length;
    const before = changes();
    const res = await send(`${server.url}/api/runs/${runId}/params`, 'PATCH', '{}');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).message).toMatch(/names no param.*live params/);
    expect(changes()).toBe(before);
    expect(server.app.runs.get(runId)!.record().changes).toEqual([]);
  });

  it('answers a body nested thousands deep with 400 on every JSON route, and keeps serving', async () => {
    const arrays = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const objects = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const targets: [string, string, (deep: string) => string][] = [
      ['POST', '/api/runs', (d) => `{"scenario":"rate-limiting","params":{"limit":${d}}}`],
      ['PATCH', `/api/runs/${runId}/params`, (d) => `{"limit":${d}}`],
      ['POST', '/api/telemetry', (d) => `{"meta":{},"traces":${d}}`],
    ];
    for (const [method, path, wrap] of targets) {
      for (const deep of [arrays, objects]) {
        const res = await send(`${server.url}${path}`, method, wrap(deep));
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(((await res.json()) as ErrorBody).message).toMatch(/nests deeper than \d+ levels/);
      }
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('measures depth without being fooled by brackets inside strings', () => {
    expect(nestsDeeperThan('{"a":"[[[[[[[[[[[[[[[["}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[[[[[[["}', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[1]]]]', 3)).toBe(true);
    expect(nestsDeeperThan('[[[1]],[[2]],[[3]]]', 3)).toBe(false);
  });
});

describe('query strings', () => {
  it('are still converted to their schema types, e.g. ?limit=5 to a number', async () => {
    const app = Fastify({ ajv: { customOptions: { coerceTypes: false } } });
    await app.register(queryStrings);
    app.get(
      '/items',
      { schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1 }) }) } },
      async (request) => ({ limit: (request.query as { limit: number }).limit }),
    );
    try {
      const ok = await app.inject({ method: 'GET', url: '/items?limit=5' });
      expect(ok.json()).toEqual({ limit: 5 });
      expect((await app.inject({ method: 'GET', url: '/items?limit=many' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
