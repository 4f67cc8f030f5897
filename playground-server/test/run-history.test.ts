import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectGoneFromBrokers } from '@playground/scenarios/testing';
import type { RunExport, RunView } from '../src/routes/schemas.ts';
import { until } from './app-harness.ts';
import { UNREACHABLE_BROKERS, startServerOn } from './state-harness.ts';
import type { StateServer } from './state-harness.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function errorOf(response: Response): Promise<{ status: number; message: string }> {
  const body = (await response.json()) as { message: string };
  return { status: response.status, message: body.message };
}

describe('run history: kept, exported, imported, deleted', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'playground-history-'));
  const servers: StateServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  let exported: RunExport;
  let runId: string;

  it('keeps the start params and every live change; exports the whole run', async () => {
    const server = await startServerOn(stateDir);
    servers.push(server);
    const started = await fetch(
      `${server.url}/api/runs`,
      json('POST', {
        scenario: 'cache-aside',
        params: { readsPerSec: 100, keys: 100 },
        durationSec: 30,
      }),
    );
    expect(started.status).toBe(201);
    const run = (await started.json()) as RunView;
    runId = run.id;
    expect(run.paramsAtStart).toMatchObject({ readsPerSec: 100 });

    expect(
      await errorOf(await fetch(`${server.url}/api/runs/${run.id}`, { method: 'DELETE' })),
    ).toMatchObject({ status: 409, message: expect.stringMatching(/running/) });
    expect((await fetch(`${server.url}/api/runs/${run.id}/export`)).status).toBe(409);

    const tuned = await fetch(
      `${server.url}/api/runs/${run.id}/params`,
      json('PATCH', { readsPerSec: 300 }),
    );
    expect(tuned.status).toBe(200);
    await until(
      'frames after the change',
      async () =>
        (
          (await (await fetch(`${server.url}/api/runs/${run.id}/frames`)).json()) as {
            frames: unknown[];
          }
        ).frames.length,
      (n) => n >= 4,
      5000,
    );
    const stopped = (await (
      await fetch(`${server.url}/api/runs/${run.id}/stop`, { method: 'POST' })
    ).json()) as RunView;
    expect(stopped.state).toBe('stopped');
    expect(stopped.paramsAtStart).toMatchObject({ readsPerSec: 100 });
    expect(stopped.params).toMatchObject({ readsPerSec: 300 });
    expect(stopped.changes).toEqual([{ t: expect.any(Number), params: { readsPerSec: 300 } }]);

    const response = await fetch(`${server.url}/api/runs/${run.id}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    exported = (await response.json()) as RunExport;
    expect(exported).toMatchObject({
      format: 'playground-run',
      version: 1,
      scenario: { id: 'cache-aside', title: expect.any(String), version: '1' },
      run: {
        id: run.id,
        state: 'stopped',
        paramsAtStart: { readsPerSec: 100 },
        changes: [{ params: { readsPerSec: 300 } }],
        summary: { requests: expect.any(Number) },
      },
      environment: {
        playground: expect.stringMatching(/^\d+\.\d+/),
        node: process.version,
        brokers: { redis: expect.stringMatching(/^\d/) },
      },
    });
    expect(exported.scenario.charts.length).toBeGreaterThan(0);
    expect(exported.run.checks.length).toBeGreaterThan(0);
    expect(exported.events.some((e) => /params changed/.test(e.message))).toBe(true);
    const frames = (await (await fetch(`${server.url}/api/runs/${run.id}/frames`)).json()) as {
      frames: unknown[];
    };
    expect(exported.frames).toEqual(frames.frames);
    await expectGoneFromBrokers(stopped);
    await server.close();
    servers.pop();
  });

  it('still has the run after a restart, and imports and serves it with no broker', async () => {
    const server = await startServerOn(stateDir, UNREACHABLE_BROKERS);
    servers.push(server);
    expect(server.app.redis.monitor.health.ok).toBe(false);
    const list = (await (await fetch(`${server.url}/api/runs`)).json()) as RunView[];
    expect(list.map((r) => r.id)).toContain(runId);
    const kept = (await (await fetch(`${server.url}/api/runs/${runId}`)).json()) as RunView;
    expect(kept).toMatchObject({ state: 'stopped', paramsAtStart: { readsPerSec: 100 } });

    const imported = await fetch(`${server.url}/api/runs/import`, json('POST', exported));
    expect(imported.status).toBe(201);
    const recording = (await imported.json()) as RunView;
    expect(recording).toMatchObject({
      recording: true,
      originalId: runId,
      startedAt: exported.run.startedAt,
      scenario: 'cache-aside',
    });
    expect(recording.id).not.toBe(runId);
    const listed = (await (await fetch(`${server.url}/api/runs`)).json()) as RunView[];
    expect(listed[0]?.id).toBe(recording.id);

    const again = (await (
      await fetch(`${server.url}/api/runs/${recording.id}/export`)
    ).json()) as RunExport;
    expect(again.frames).toEqual(exported.frames);
    expect(again.events).toEqual(exported.events);
    expect(again.environment).toEqual(exported.environment);
    expect(again.run).toMatchObject({ ...exported.run, id: recording.id, recording: true });

    // A recording is not a run here: it cannot be stopped into life or tuned.
    const tune = await fetch(
      `${server.url}/api/runs/${recording.id}/params`,
      json('PATCH', { readsPerSec: 1 }),
    );
    expect(tune.status).toBe(409);
  });

  it('refuses what is not an export, with the reason', async () => {
    const server = servers[0]!;
    const post = (body: unknown): Promise<Response> =>
      fetch(`${server.url}/api/runs/import`, json('POST', body));
    expect(await errorOf(await post({ ...exported, format: 'something-else' }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/format/),
    });
    expect(await errorOf(await post({ ...exported, version: 2 }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/version/),
    });
    const { frames: _, ...noFrames } = exported;
    expect(await errorOf(await post(noFrames))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/frames/),
    });
    expect(
      await errorOf(await post({ ...exported, run: { ...exported.run, state: 'running' } })),
    ).toMatchObject({ status: 400, message: expect.stringMatching(/running/) });
    expect(
      await errorOf(await post({ ...exported, run: { ...exported.run, scenario: 'fanout' } })),
    ).toMatchObject({ status: 400, message: expect.stringMatching(/scenario/) });
    expect((await post('{not json')).status).toBe(400);
    const huge = await post({ ...exported, exportedAt: 'x'.repeat(21 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    // The raised limit is this route's only.
    const big = await fetch(
      `${server.url}/api/runs`,
      json('POST', { scenario: 'cache-aside', params: { pad: 'x'.repeat(100 * 1024) } }),
    );
    expect(big.status).toBe(413);
  });

  it('deletes a kept run once: 204, then 404', async () => {
    const server = servers[0]!;
    const remove = (): Promise<Response> =>
      fetch(`${server.url}/api/runs/${runId}`, { method: 'DELETE' });
    expect((await remove()).status).toBe(204);
    expect((await remove()).status).toBe(404);
    expect((await fetch(`${server.url}/api/runs/${runId}`)).status).toBe(404);
    const list = (await (await fetch(`${server.url}/api/runs`)).json()) as RunView[];
    expect(list.map((r) => r.id)).not.toContain(runId);
  });
});
