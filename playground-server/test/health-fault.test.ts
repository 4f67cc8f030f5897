import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../infrastructure/launcher/redis.ts';
import { stopLaunched } from '../../infrastructure/launcher/stop.ts';
import { freePort } from '../../infrastructure/launcher/test-helpers.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

interface Health {
  status: string;
  brokers: { redis: { ok: boolean; error?: string; version: string | null } };
}

// The restart tries again rather than failing on the first refusal. freePort now chooses below
// the ephemeral range, where the server's reconnect attempts cannot meet themselves (a TCP
// self-connect) and hold the port; the retries stay as a guard for whatever else may.
async function restartRedis(port: number): Promise<Awaited<ReturnType<typeof startRedis>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedis({ port, dir: redisDir });
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}
const redisDir = mkdtempSync(join(tmpdir(), 'playground-redis-'));

describe('a broker that dies and comes back', () => {
  const dir = redisDir;
  let server: Harness | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is reported down with the error within 5 s, the server keeps answering, and it is ok again after a restart', async () => {
    const port = await freePort();
    let redis = await startRedis({ port, dir });
    server = await startServer({ REDIS_URL: `redis://127.0.0.1:${port}` }, 1000);
    const health = async (): Promise<Health> =>
      (await (await fetch(`${server!.url}/api/health`)).json()) as Health;
    expect((await health()).brokers.redis.ok).toBe(true);

    await stopLaunched(redis);
    const t0 = Date.now();
    const down = await until('redis reported down', health, (h) => !h.brokers.redis.ok, 5000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(down.status).toBe('degraded');
    expect(down.brokers.redis.error).toMatch(
      /ECONNREFUSED|closed|Connection|not connected|no answer/i,
    );
    // The rest of the server is unaffected.
    expect((await fetch(`${server.url}/api/scenarios`)).status).toBe(200);
    const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as {
      id: string;
      available: boolean;
    }[];
    expect(list.find((s) => s.id === 'cache-aside')!.available).toBe(false);

    redis = await restartRedis(port);
    try {
      const up = await until('redis ok again', health, (h) => h.brokers.redis.ok, 10_000);
      expect(up.brokers.redis.version).toMatch(/^\d+\./);
    } finally {
      await stopLaunched(redis);
    }
  });
});
