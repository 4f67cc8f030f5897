import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_DIR } from '../paths.ts';
import { findBinary, isAlive, waitForExit } from '../process.ts';
import { OWNER_FILE, PROCESS_FILE } from './paths.ts';
import { redisKind } from './redis.ts';
import { RunInstances } from './run-instances.ts';
import { sweepPrivateInstances } from './sweep.ts';

mkdirSync(PLAYGROUND_DIR, { recursive: true });
// A root of the tests' own, so the sweep under test never touches a real run's instances.
const root = mkdtempSync(join(PLAYGROUND_DIR, 'test-private-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function client(port: number): Promise<Redis> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  return redis;
}

const aof: [string, string][] = [
  ['appendonly', 'yes'],
  ['appendfsync', 'always'],
];

describe('private Redis instances', () => {
  it('starts with its settings, serves a client, and is gone with its dir when closed', async () => {
    const run = new RunInstances('t-start', root);
    const proc = await run.start(redisKind([['maxmemory', '3mb']]));
    expect(isAlive(proc.pid)).toBe(true);
    const redis = await client(proc.port);
    await redis.set('k', 'v');
    expect(await redis.get('k')).toBe('v');
    expect(await redis.config('GET', 'maxmemory')).toEqual(['maxmemory', String(3 * 1024 * 1024)]);
    redis.disconnect();
    expect(existsSync(resolve(run.dir, OWNER_FILE))).toBe(true);
    await run.closeAll();
    expect(isAlive(proc.pid)).toBe(false);
    expect(existsSync(run.dir)).toBe(false);
    await expect(run.start(redisKind([]))).rejects.toThrow(/has ended/);
  });

  it('kill -9 ends the pid; restart over the same dir keeps what the AOF holds', async () => {
    const run = new RunInstances('t-restart', root);
    try {
      const proc = await run.start(redisKind(aof));
      const before = proc.pid;
      let redis = await client(proc.port);
      await redis.set('kept', '1');
      redis.disconnect();
      await proc.kill();
      expect(await waitForExit(before, 2_000)).toBe(true);
      expect(proc.running).toBe(false);
      await proc.restart();
      expect(proc.pid).not.toBe(before);
      redis = await client(proc.port);
      expect(await redis.get('kept')).toBe('1');
      redis.disconnect();
      await proc.stop();
      expect(isAlive(proc.pid)).toBe(false);
    } finally {
      await run.closeAll();
    }
  });

  it('the sweep kills an orphan by its recorded pid and removes its dir', async () => {
    const run = new RunInstances('t-orphan', root);
    const proc = await run.start(redisKind([]));
    // Make the run's owner a process that is gone.
    const gone = spawn('true');
    await new Promise((done) => gone.once('exit', done));
    writeFileSync(
      resolve(run.dir, OWNER_FILE),
      JSON.stringify({ runId: 't-orphan', ownerPid: gone.pid, ownerCommand: 'true' }),
    );
    const report = await sweepPrivateInstances(new Set(), root);
    expect(report.runs).toContain('t-orphan');
    expect(report.killed).toContain(proc.pid);
    expect(isAlive(proc.pid)).toBe(false);
    expect(existsSync(run.dir)).toBe(false);
  });

  it('the sweep never signals a pid that is not the instance it recorded', async () => {
    const dir = resolve(root, 't-recycled', 'redis-1');
    mkdirSync(dir, { recursive: true });
    // A recycled pid: the record names this test process, which is not redis-server.
    writeFileSync(
      resolve(dir, PROCESS_FILE),
      JSON.stringify({ kind: 'redis', pid: process.pid, markers: ['redis-server', ':1'] }),
    );
    const report = await sweepPrivateInstances(new Set(), root);
    expect(report.runs).toContain('t-recycled');
    expect(report.killed).toEqual([]);
    expect(existsSync(resolve(root, 't-recycled'))).toBe(false);
  });

  it('leaves the instances of a run this process still has', async () => {
    const run = new RunInstances('t-live', root);
    try {
      const proc = await run.start(redisKind([]));
      const report = await sweepPrivateInstances(new Set(['t-live']), root);
      expect(report.runs).not.toContain('t-live');
      expect(isAlive(proc.pid)).toBe(true);
    } finally {
      await run.closeAll();
    }
  });

  it('names the install command when the binary is missing', async () => {
    const run = new RunInstances('t-missing', root);
    const kind = { ...redisKind([]), binary: 'redis-server-not-installed' };
    await expect(run.start(kind)).rejects.toMatchObject({
      fix: expect.stringMatching(/apt-get install redis-server/),
    });
    await run.closeAll();
    expect(findBinary('redis-server')).toBeDefined();
  });
});
