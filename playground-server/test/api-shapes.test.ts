// The schemas are the replies: Fastify serializes through them, so a field missing from a schema
// would vanish from every answer. These compare what goes over the wire with the views built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '@playground/scenarios';
import { runView, scenarioView } from '../src/routes/scenario-view.ts';
import { startServer } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('API shapes', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves every scenario whole: params schema, charts, metrics, topology, lesson', async () => {
    const list = await server.app.inject({ method: 'GET', url: '/api/scenarios' });
    expect(list.json()).toEqual(plain(scenarios.map((s) => scenarioView(server.app, s, false))));
    const one = await server.app.inject({
      method: 'GET',
      url: `/api/scenarios/${scenarios[0]!.id}`,
    });
    expect(one.json()).toEqual(plain(scenarioView(server.app, scenarios[0]!, true)));
  });

  it('serves a run whole, each check with its status', async () => {
    const started = await server.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { scenario: 'rate-limiting', durationSec: 1 },
    });
    expect(started.statusCode).toBe(201);
    const { id } = started.json<{ id: string }>();
    const stopped = await server.app.inject({ method: 'POST', url: `/api/runs/${id}/stop` });
    const body = stopped.json<{ tickMs: number; checks: { status: string; passed: boolean }[] }>();
    expect(body).toEqual(plain(runView(server.app.runs.get(id)!)));
    expect(body.tickMs).toBeGreaterThan(0);
    expect(body.checks.length).toBeGreaterThan(0);
    for (const check of body.checks) {
      expect(['passed', 'failed', 'not-applicable']).toContain(check.status);
      expect(check.passed).toBe(check.status === 'passed');
    }
  });

  it('documents every API route under /api, with /metrics and /docs where they were', async () => {
    const doc = await server.app.inject({ method: 'GET', url: '/docs/json' });
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/scenarios',
        '/api/scenarios/{id}',
        '/api/runs',
        '/api/runs/{id}',
        '/api/runs/{id}/params',
        '/api/runs/{id}/stop',
        '/api/runs/{id}/faults',
        '/api/runs/{id}/faults/toxics',
        '/api/toxiproxy/proxies',
        '/api/toxiproxy/proxies/{proxy}/toxics',
        '/api/runs/{id}/frames',
        '/api/runs/{id}/events',
        '/api/telemetry',
        '/api/telemetry/latest',
        '/metrics',
      ]),
    );
    expect(paths.filter((p) => p !== '/metrics' && !p.startsWith('/api/'))).toEqual([]);
    expect((await server.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
