import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../playground-server/src/config.ts';
import { PLAYGROUND_DIR } from './paths.ts';
import { isAlive, writePidFile } from './process.ts';
import { probeRedis } from './probe.ts';
import { redisProcess, startRedis } from './redis.ts';
import { stopLaunched } from './stop.ts';
import { freePort } from './test-helpers.ts';

const machineRedisUrl = loadConfig().redisUrl;

async function identity(url: string): Promise<{ runId: string; pid: string }> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const info = await client.info('server');
    return {
      runId: /^run_id:(\S+)/m.exec(info)?.[1] ?? '',
      pid: /^process_id:(\S+)/m.exec(info)?.[1] ?? '',
    };
  } finally {
    client.disconnect();
  }
}

describe('a second local Redis, started and stopped by the launcher', () => {
  // .playground/ exists only once the launcher has started something; a clean clone lacks it.
  mkdirSync(PLAYGROUND_DIR, { recursive: true });
  const dir = mkdtempSync(join(PLAYGROUND_DIR, 'test-redis-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers on its own port, stops, and leaves the configured Redis alone', async () => {
    const before = await identity(machineRedisUrl);
    const port = await freePort();

    const proc = await startRedis({ port, dir, readyTimeoutMs: 10_000 });
    expect(isAlive(proc.pid)).toBe(true);
    const answer = await probeRedis(`redis://127.0.0.1:${port}`, 2_000);
    expect(answer.ok).toBe(true);

    const outcome = await stopLaunched(proc, 10_000);
    expect(outcome).toEqual({ result: 'stopped', pid: proc.pid });
    expect(isAlive(proc.pid)).toBe(false);
    const gone = await probeRedis(`redis://127.0.0.1:${port}`, 1_000);
    expect(gone.ok).toBe(false);

    expect(await identity(machineRedisUrl)).toEqual(before);
  });

  it('refuses to stop a process whose pid file no longer names a launched Redis', async () => {
    const port = await freePort();
    const proc = redisProcess({ port, dir });
    // A recycled pid: the file now names a live process that is not redis-server (this one).
    writePidFile(proc.pidFile, process.pid);
    const outcome = await stopLaunched(proc, 1_000);
    expect(outcome).toEqual({ result: 'not-ours', pid: process.pid });
  });
});
