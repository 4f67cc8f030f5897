import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../infrastructure/launcher/redis.ts';
import { stopLaunched } from '../../infrastructure/launcher/stop.ts';
import { freePort } from '../../infrastructure/launcher/test-helpers.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

describe('a broker that dies mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playground-redis-'));
  let server: Harness | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends the run failed with the reason, and the server stays up', async () => {
    const port = await freePort();
    const redis = await startRedis({ port, dir });
    server = await startServer({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'cache-aside',
        durationSec: 60,
        params: { readsPerSec: 200 },
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await new Promise((r) => setTimeout(r, 1000));
    await stopLaunched(redis);

    const run = await until(
      'the run to end',
      async () =>
        (await (await fetch(`${server!.url}/api/runs/${id}`)).json()) as {
          state: string;
          error?: string;
        },
      (r) => r.state !== 'running',
      15_000,
    );
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(
      /Connection is closed|ECONNREFUSED|Stream isn't writeable|connection lost|closed/i,
    );
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
