// Toxiproxy's HTTP API (routes/toxiproxy.ts) on a bare server with the app's error, auth and
// config plugins, over a registry of its own: shapes, status codes, the trainer guard, and a
// toxic added through the API slowing a real TCP round trip.
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import sensible from '@fastify/sensible';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyRegistry } from '../../infrastructure/faults/index.ts';
import { TestClient, echoServer } from '../../infrastructure/faults/test-helpers.ts';
import type { TestServer } from '../../infrastructure/faults/test-helpers.ts';
import { loadConfig } from '../src/config.ts';
import authPlugin from '../src/plugins/auth.ts';
import configPlugin from '../src/plugins/config.ts';
import errorsPlugin from '../src/plugins/errors.ts';
import jsonBodyPlugin from '../src/plugins/json-body.ts';
import toxiproxy, { TOXIPROXY_API_VERSION } from '../src/routes/toxiproxy.ts';

const TOKEN = 'toxic-trainer';
const auth = { 'x-trainer-token': TOKEN };
const base = '/api/toxiproxy';

let app: FastifyInstance;
let echo: TestServer;
const registry = new ProxyRegistry();

async function call(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  payload?: unknown,
  headers: Record<string, string> = auth,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url: `${base}${path}`,
    headers: { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
}

beforeAll(async () => {
  echo = await echoServer();
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', TRAINER_TOKEN: TOKEN });
  const server = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  await server.register(errorsPlugin);
  await server.register(sensible);
  await server.register(jsonBodyPlugin);
  await server.register(configPlugin, {
    config,
    healthIntervalMs: 60_000,
    stateDir: '/nonexistent',
    uiDir: '/nonexistent',
  });
  await server.register(authPlugin);
  await server.register(toxiproxy, { prefix: base, registry });
  await server.ready();
  app = server;
});
afterAll(async () => {
  await app.close();
  await registry.closeAll();
  await echo.close();
});

describe("Toxiproxy's API", () => {
  it('answers its version and an empty list', async () => {
    expect((await call('GET', '/version')).json()).toEqual({ version: TOXIPROXY_API_VERSION });
    expect((await call('GET', '/proxies')).json()).toEqual({});
  });

  it('creates a proxy (trainer token needed), lists and shows it in its shape', async () => {
    const body = { name: 'redis', listen: '127.0.0.1:0', upstream: echo.address };
    const refused = await call('POST', '/proxies', body, {});
    expect(refused.statusCode).toBe(401);
    expect(registry.has('redis')).toBe(false);

    const created = await call('POST', '/proxies', body);
    expect(created.statusCode).toBe(201);
    const proxy = created.json<{ listen: string }>();
    expect(proxy).toEqual({
      name: 'redis',
      listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      upstream: echo.address,
      enabled: true,
      toxics: [],
    });
    expect(proxy.listen).not.toBe('127.0.0.1:0');
    expect((await call('GET', '/proxies')).json()).toEqual({ redis: proxy });
    expect((await call('GET', '/proxies/redis')).json()).toEqual(proxy);

    const again = await call('POST', '/proxies', body);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, error: 'proxy already exists: redis' });
    const missing = await call('GET', '/proxies/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      statusCode: 404,
      status: 404,
      error: 'proxy not found: nope',
      message: 'proxy not found: nope',
    });
  });

  it('adds a latency toxic that measurably slows a real round trip, updates and removes it', async () => {
    const { listen } = (await call('GET', '/proxies/redis')).json<{ listen: string }>();
    const client = await TestClient.connect(Number(listen.split(':')[1]));
    try {
      expect(await client.roundTrip('fast')).toBeLessThan(100);

      const added = await call('POST', '/proxies/redis/toxics', {
        type: 'latency',
        attributes: { latency: 200 },
      });
      expect(added.statusCode).toBe(200);
      expect(added.json()).toEqual({
        name: 'latency_downstream',
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: 200, jitter: 0 },
      });
      expect(await client.roundTrip('slow')).toBeGreaterThanOrEqual(200);

      const updated = await call('PATCH', '/proxies/redis/toxics/latency_downstream', {
        attributes: { jitter: 10 },
      });
      expect(updated.json()).toMatchObject({ attributes: { latency: 200, jitter: 10 } });
      expect((await call('GET', '/proxies/redis/toxics')).json()).toEqual([updated.json()]);
      expect((await call('GET', '/proxies/redis/toxics/latency_downstream')).json()).toEqual(
        updated.json(),
      );

      const removed = await call('DELETE', '/proxies/redis/toxics/latency_downstream');
      expect(removed.statusCode).toBe(204);
      expect(await client.roundTrip('fast again')).toBeLessThan(100);
    } finally {
      client.close();
    }
  });

  it('answers bad toxics with 400 and a message saying what is allowed, never 500', async () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'lag' }, /unknown toxic type "lag" \(one of latency, bandwidth/],
      [{ type: 'latency', stream: 'sideways' }, /stream must be upstream or downstream/],
      [{ type: 'latency', toxicity: 1.5 }, /toxicity must be between 0 and 1/],
      [{ type: 'latency', attributes: { delay: 1 } }, /latency has no attribute "delay"/],
      [{ type: 'latency', attributes: { latency: 'slow' } }, /must be a number/],
      [{ attributes: {} }, /type is required/],
      [[], /must be object/],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/proxies/redis/toxics', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<{ error: string }>().error).toMatch(message);
    }
    const raw = await app.inject({
      method: 'POST',
      url: `${base}/proxies/redis/toxics`,
      headers: { 'content-type': 'application/json', ...auth },
      payload: '{"type": "latency",',
    });
    expect(raw.statusCode).toBe(400);
    expect((await call('POST', '/proxies/nope/toxics', { type: 'latency' })).statusCode).toBe(404);
    expect((await call('DELETE', '/proxies/redis/toxics/nope')).statusCode).toBe(404);
    expect(
      (await call('POST', '/proxies', { name: 'bad', upstream: 'no-port' })).json(),
    ).toMatchObject({ status: 400, error: expect.stringMatching(/not a host:port/) });
    expect((await call('POST', '/proxies', { name: 'bad' })).statusCode).toBe(400);
  });

  it('disables and enables a proxy, and deletes it', async () => {
    const { listen } = (await call('GET', '/proxies/redis')).json<{ listen: string }>();
    const port = Number(listen.split(':')[1]);
    const down = await call('POST', '/proxies/redis', { enabled: false });
    expect(down.json()).toMatchObject({ enabled: false, listen });
    await expect(TestClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await call('POST', '/proxies/redis', { enabled: true })).json()).toMatchObject({
      enabled: true,
      listen,
    });
    const client = await TestClient.connect(port);
    expect(await client.roundTrip('up')).toBeLessThan(100);
    client.close();

    expect((await call('DELETE', '/proxies/redis', undefined, {})).statusCode).toBe(401);
    expect((await call('DELETE', '/proxies/redis')).statusCode).toBe(204);
    expect((await call('GET', '/proxies/redis')).statusCode).toBe(404);
  });

  it('populates and resets, bodiless requests with a JSON content type included', async () => {
    const populated = await call('POST', '/populate', [
      { name: 'a', upstream: echo.address },
      { name: 'b', upstream: echo.address, enabled: false },
    ]);
    expect(populated.statusCode).toBe(201);
    const { proxies } = populated.json<{ proxies: { name: string; enabled: boolean }[] }>();
    expect(proxies.map((p) => [p.name, p.enabled])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    await call('POST', '/proxies/a/toxics', { type: 'timeout', stream: 'upstream' });

    // Toxiproxy's Go client sends Content-Type: application/json with no body here.
    const reset = await call('POST', '/reset');
    expect(reset.statusCode).toBe(204);
    const after = (await call('GET', '/proxies')).json<
      Record<string, { enabled: boolean; toxics: unknown[] }>
    >();
    expect(after.a).toMatchObject({ enabled: true, toxics: [] });
    expect(after.b).toMatchObject({ enabled: true, toxics: [] });
    expect((await call('POST', '/reset', undefined, {})).statusCode).toBe(401);
  });
});

describe('random input', () => {
  it('is answered with a 2xx or a 4xx, never a 500', async () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const proxyBody = fc.record(
      {
        name: fc.oneof(fc.constantFrom('f1', 'f2'), fc.string(), json),
        // No random address that could bind a real port but the loopback's any-port.
        listen: fc.oneof(fc.constant('127.0.0.1:0'), fc.string({ maxLength: 4 }), json),
        upstream: fc.oneof(fc.constant(echo.address), fc.constant('127.0.0.1:99999'), fc.string()),
        enabled: fc.oneof(fc.boolean(), json),
      },
      { requiredKeys: [] },
    );
    const toxicBody = fc.record(
      {
        name: fc.oneof(fc.string(), json),
        type: fc.oneof(fc.constantFrom('latency', 'bandwidth', 'slicer', 'limit_data'), json),
        stream: fc.oneof(fc.constantFrom('upstream', 'downstream'), json),
        toxicity: fc.oneof(fc.double(), json),
        attributes: fc.oneof(
          fc.dictionary(
            fc.constantFrom('latency', 'jitter', 'rate', 'bytes', 'average_size', 'x'),
            fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), json),
          ),
          json,
        ),
      },
      { requiredKeys: [] },
    );
    const request = fc.oneof(
      proxyBody.map((body) => ['POST', '/proxies', body] as const),
      fc.array(proxyBody, { maxLength: 3 }).map((body) => ['POST', '/populate', body] as const),
      toxicBody.map((body) => ['POST', '/proxies/f1/toxics', body] as const),
      toxicBody.map((body) => ['PATCH', '/proxies/f1/toxics/latency_downstream', body] as const),
      proxyBody.map((body) => ['POST', '/proxies/f2', body] as const),
      json.map((body) => ['POST', '/proxies/f1', body] as const),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([method, path, body]) => {
        const res = await call(method, path, body);
        expect(res.statusCode, `${method} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    await registry.closeAll();
  });
});

describe('inside the whole app', () => {
  it('serves at /api/toxiproxy next to the other routes and in the API docs', async () => {
    const { buildApp } = await import('../src/app.ts');
    const whole = await buildApp(
      loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' }),
      { logger: false, healthIntervalMs: 60_000 },
    );
    try {
      // Registered here until the lead wires it into app.ts; then the app's own copy is used.
      if (!whole.hasRoute({ method: 'GET', url: `${base}/version` })) {
        await whole.register(toxiproxy, { prefix: base, registry });
      }
      const version = await whole.inject({ method: 'GET', url: `${base}/version` });
      expect(version.json()).toEqual({ version: TOXIPROXY_API_VERSION });
      const reset = await whole.inject({
        method: 'POST',
        url: `${base}/reset`,
        headers: { 'content-type': 'application/json' },
      });
      expect(reset.statusCode).toBe(204);
      // The app's other routes keep their own JSON parser: an empty JSON body is still refused.
      const runs = await whole.inject({
        method: 'POST',
        url: '/api/runs',
        headers: { 'content-type': 'application/json' },
      });
      expect(runs.statusCode).toBe(400);
      const doc = await whole.inject({ method: 'GET', url: '/docs/json' });
      expect(Object.keys(doc.json<{ paths: object }>().paths)).toEqual(
        expect.arrayContaining([`${base}/proxies`, `${base}/proxies/{proxy}/toxics/{toxic}`]),
      );
    } finally {
      await whole.close();
    }
  });
});
