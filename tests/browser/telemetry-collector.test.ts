// The Faro collector the UI reports to: schema-checked, size-limited, rate-limited per client,
// counted in /metrics, and the latest kept for the Infrastructure page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../playground-server/test/app-harness.ts';
import type { Harness } from '../../playground-server/test/app-harness.ts';

const report = (extra: Record<string, unknown> = {}) => ({
  meta: { app: { name: 'playground-ui' }, page: { url: 'http://127.0.0.1/scenarios/x' } },
  ...extra,
});

describe('POST /api/telemetry', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('accepts a Faro payload, counts it by kind and keeps the latest vitals and errors', async () => {
    const res = await post(
      report({
        measurements: [
          {
            type: 'web-vitals',
            values: { lcp: 812.5, delta: 812.5 },
            timestamp: '2026-01-01T00:00:00Z',
            context: { rating: 'good' },
          },
        ],
        exceptions: [
          {
            type: 'TypeError',
            value: 'x is undefined',
            timestamp: '2026-01-01T00:00:01Z',
            stacktrace: { frames: [{ filename: 'app.js', function: 'draw', lineno: 3, colno: 9 }] },
          },
        ],
        events: [{ name: 'session_start', timestamp: '2026-01-01T00:00:00Z' }],
      }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 3 });
    const latest = (await (await fetch(`${server.url}/api/telemetry/latest`)).json()) as {
      vitals: { name: string; value: number; rating: string }[];
      errors: { type: string; message: string; where: string }[];
    };
    expect(latest.vitals).toContainEqual(
      expect.objectContaining({ name: 'lcp', value: 812.5, rating: 'good' }),
    );
    expect(latest.errors[0]).toMatchObject({
      type: 'TypeError',
      message: 'x is undefined',
      where: 'draw (app.js:3)',
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/playground_ui_telemetry_total\{kind="measurement"\} 1/);
    expect(metrics).toMatch(/playground_ui_telemetry_total\{kind="exception"\} 1/);
    expect(metrics).toMatch(/playground_ui_telemetry_total\{kind="event"\} 1/);
  });

  it('refuses a payload that is not Faro-shaped with a 400', async () => {
    expect((await post({ logs: [] })).status).toBe(400);
    expect(
      (
        await post(
          report({ measurements: [{ type: 'x', values: { a: 'not a number' }, timestamp: 't' }] }),
        )
      ).status,
    ).toBe(400);
  });

  it('refuses a body over 256 KiB with a 413', async () => {
    const big = report({
      logs: [{ message: 'x'.repeat(8000), level: 'info', timestamp: 't', context: {} }],
    });
    const body = JSON.stringify({ ...big, pad: 'y'.repeat(300 * 1024) });
    expect((await post(body)).status).toBe(413);
  });

  it('rate-limits each client', async () => {
    let limited = 0;
    for (let i = 0; i < 130 && limited === 0; i++) {
      const res = await post(report({ events: [{ name: 'e', timestamp: 't' }] }));
      if (res.status === 429) limited = i;
    }
    expect(limited).toBeGreaterThan(100);
  });
});
