import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis } from '../../infrastructure/launcher/redis.ts';
import { stopLaunched } from '../../infrastructure/launcher/stop.ts';
import { freePort } from '../../infrastructure/launcher/test-helpers.ts';
import type { LaunchedProcess } from '../../infrastructure/launcher/state.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

interface RunJson {
  state: string;
  endedAt: string | null;
  error?: string;
  resources: { redisKeyPrefix: string };
}

interface HealthJson {
  brokers: { redis: { ok: boolean } };
}

interface PendingJson {
  runId: string;
  scenario: string;
  lastError: string | null;
  attempts: number;
  brokers: string[];
}

describe('a broker that dies mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playground-redis-'));
  let server: Harness | undefined;
  let redis: LaunchedProcess | undefined;
  afterAll(async () => {
    await server?.close();
    if (redis) await stopLaunched(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends the run failed once cleaned up, and deletes its leftovers when the broker is back', async () => {
    const port = await freePort();
    redis = await startRedis({ port, dir });
    const url = `redis://127.0.0.1:${port}`;
    server = await startServer({ REDIS_URL: url });
    const base = server.url;
    const res = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'cache-aside',
        durationSec: 60,
        params: { readsPerSec: 200 },
      }),
    });
    expect(res.status).toBe(201);
    const { id, resources } = (await res.json()) as { id: string } & RunJson;

    // The run's keys, saved to disk so the restarted Redis still holds them, as a persistent
    // one would after an outage.
    const direct = new Redis(url, { lazyConnect: true });
    await direct.connect();
    await until(
      'the run to write keys',
      () => direct.keys(`${resources.redisKeyPrefix}*`),
      (keys) => keys.length > 0,
      5000,
    );
    await direct.save();
    direct.disconnect();
    await stopLaunched(redis);

    const seen: RunJson[] = [];
    const run = await until(
      'the run to end',
      async () => {
        const r = (await (await fetch(`${base}/api/runs/${id}`)).json()) as RunJson;
        seen.push(r);
        return r;
      },
      (r) => r.endedAt !== null,
      15_000,
    );
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(
      /Connection is closed|ECONNREFUSED|Stream isn't writeable|connection lost|closed/i,
    );
    // Never `failed` while its cleanup was still going.
    expect(seen.filter((r) => r.endedAt === null && r.state !== 'running')).toEqual([]);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    const pending = (await (await fetch(`${base}/api/cleanups`)).json()) as PendingJson[];
    expect(pending.filter((entry) => entry.runId === id)).toEqual([
      {
        runId: id,
        scenario: 'cache-aside',
        resources,
        lastError: expect.stringMatching(/^redis: /),
        attempts: 1,
        lastAttemptAt: expect.any(String),
        brokers: ['redis'],
      },
    ]);

    // Back only once the server has seen it gone: what is retried is a broker coming back.
    await until(
      'the server to see Redis down',
      async () => (await (await fetch(`${base}/api/health`)).json()) as HealthJson,
      (h) => !h.brokers.redis.ok,
      5000,
    );
    redis = await startRedis({ port, dir });
    await until(
      'the cleanup to be retried',
      async () => (await (await fetch(`${base}/api/cleanups`)).json()) as PendingJson[],
      // Only this run's entry: a sweep may also list leftovers of other processes on the brokers.
      (list) => !list.some((entry) => entry.runId === id),
      10_000,
    );
    const after = new Redis(url);
    try {
      expect(await after.keys(`${resources.redisKeyPrefix}*`)).toEqual([]);
    } finally {
      after.disconnect();
    }
  });
});
