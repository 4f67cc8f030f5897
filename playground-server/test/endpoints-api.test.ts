// The route that lets a page reach a run's own HTTP server (the caching scenarios' origin): the
// answer and its caching headers pass untouched, a conditional request gets the endpoint's 304,
// the endpoint can tell these requests by their Via header, and an unknown run, an unknown name
// or an ended run is a clear 404. The run here is a short one of a scenario with no endpoint,
// given a real kit origin; the http-caching tests use the one the scenario exposes itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpOrigin } from '../../scenarios/src/sdk/http/index.ts';
import { VIA } from '../src/routes/endpoints.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

describe('run endpoints API', () => {
  let server: Harness;
  let origin: HttpOrigin;
  let id: string;
  const vias: (string | undefined)[] = [];

  beforeAll(async () => {
    server = await startServer();
    origin = await HttpOrigin.start({
      apart: (headers) => headers.via === VIA,
      onRequest: (r) => vias.push(r.headers.via),
    });
    origin.define('/doc', { cacheControl: 'max-age=30, stale-while-revalidate=5', sizeBytes: 300 });
    const started = await server.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { scenario: 'rate-limiting', durationSec: 3 },
    });
    expect(started.statusCode, started.body).toBe(201);
    id = started.json<{ id: string }>().id;
    const run = server.app.runs.get(id)!;
    vi.spyOn(run, 'httpEndpoint').mockImplementation((name) =>
      name === 'origin' ? origin.url : undefined,
    );
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await server.close();
    await origin.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${url}`, { headers });

  it("passes the endpoint's answer and caching headers through, and its 304", async () => {
    const first = await get(`/api/runs/${id}/endpoints/origin/doc?x=1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('max-age=30, stale-while-revalidate=5');
    expect(first.headers.get('etag')).toBe(origin.etagOf('/doc'));
    expect(first.headers.get('last-modified')).toMatch(/GMT$/);
    expect((await first.arrayBuffer()).byteLength).toBe(300);
    const again = await get(`/api/runs/${id}/endpoints/origin/doc`, {
      'if-none-match': origin.etagOf('/doc'),
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(origin.etagOf('/doc'));
    const head = await fetch(`${server.url}/api/runs/${id}/endpoints/origin/doc`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('300');
    const missing = await get(`/api/runs/${id}/endpoints/origin/nothing-here`);
    expect(missing.status).toBe(404);
    // Counted apart by the origin: these were not the run's load.
    expect(vias).toEqual([VIA, VIA, VIA, VIA]);
    expect(origin.stats().requests).toBe(0);
    expect(origin.stats().apart.byStatus).toEqual({ '200': 2, '304': 1, '404': 1 });
  });

  it('answers 404 for an unknown run or name, 502 when the endpoint is not there', async () => {
    const unknownRun = await get('/api/runs/zzzzzz99/endpoints/origin/doc');
    expect(unknownRun.status).toBe(404);
    expect(((await unknownRun.json()) as { message: string }).message).toMatch(/no run/);
    const unknownName = await get(`/api/runs/${id}/endpoints/nginx/doc`);
    expect(unknownName.status).toBe(404);
    expect(((await unknownName.json()) as { message: string }).message).toMatch(
      /no live HTTP endpoint "nginx"/,
    );
    expect((await get(`/api/runs/${id}/endpoints/Bad_Name/doc`)).status).toBe(400);
    const closed = await HttpOrigin.start();
    await closed.close();
    vi.spyOn(server.app.runs.get(id)!, 'httpEndpoint').mockReturnValue(closed.url);
    const refused = await get(`/api/runs/${id}/endpoints/origin/doc`);
    expect(refused.status).toBe(502);
  });

  it('answers 404 once the run has ended', async () => {
    await until(
      'the run to end',
      () => server.app.runs.get(id)?.state,
      (state) => state !== 'running',
      15_000,
    );
    const ended = await get(`/api/runs/${id}/endpoints/origin/doc`);
    expect(ended.status).toBe(404);
  });
});
