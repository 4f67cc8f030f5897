import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

describe('GET /api/health with the brokers up', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('reports all three ok with the version each broker reports', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      brokers: Record<string, { ok: boolean; version: string; latencyMs: number; address: string }>;
    };
    expect(body.status).toBe('ok');
    expect(body.brokers.redis).toMatchObject({ ok: true, address: '127.0.0.1:6379' });
    expect(body.brokers.redis!.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(body.brokers.rabbitmq).toMatchObject({ ok: true, address: '127.0.0.1:5672' });
    expect(body.brokers.rabbitmq!.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.brokers.kafka).toMatchObject({ ok: true });
    expect(body.brokers.kafka!.version).toMatch(/^4\.\d+ \(metadata\.version 4\.\d+-IV\d+\)$/);
    for (const b of Object.values(body.brokers)) expect(b.latencyMs).toBeGreaterThan(0);
  });

  it("says which Node.js the server runs on: the one the project pins, not the machine's", async () => {
    const body = (await (await fetch(`${server.url}/api/health`)).json()) as {
      runtime: { node: string };
    };
    expect(body.runtime.node).toBe(process.version);
    expect(body.runtime.node).toMatch(/^v24\./);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      statusCode: 404,
      message: 'no route for GET /api/nothing-here',
    });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await fetch(`${server.url}/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/runs', '/api/scenarios']),
    );
  });

  it('exports Prometheus metrics with broker health', async () => {
    const res = await fetch(`${server.url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/playground_broker_up\{broker="redis"\} 1/);
    expect(text).toMatch(/playground_broker_up\{broker="kafka"\} 1/);
  });
});

describe('GET /api/health when a broker cannot be reached', () => {
  it('answers fast, reports the broker down with the error, and the others ok', async () => {
    // Port 9 (discard) is closed on this machine: connection refused at once.
    const server = await startServer({
      KAFKA_BROKERS: '127.0.0.1:9',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:9',
    });
    try {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/health`);
      expect(performance.now() - t0).toBeLessThan(500);
      const body = (await res.json()) as {
        status: string;
        brokers: Record<string, { ok: boolean; error?: string }>;
      };
      expect(body.status).toBe('degraded');
      expect(body.brokers.redis!.ok).toBe(true);
      expect(body.brokers.kafka).toMatchObject({
        ok: false,
        error: expect.stringMatching(/refused/),
      });
      expect(body.brokers.rabbitmq).toMatchObject({
        ok: false,
        error: expect.stringMatching(/ECONNREFUSED|refused/),
      });
    } finally {
      await server.close();
    }
  });
});
