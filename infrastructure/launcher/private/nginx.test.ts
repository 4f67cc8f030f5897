import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_DIR, REPO_ROOT } from '../paths.ts';
import { findBinary, isAlive, isOurs, sleep, waitForExit } from '../process.ts';
import { isSearchableByOthers, nginxConfig } from './nginx-config.ts';
import type { NginxSettings } from './nginx-config.ts';
import type { NginxLogLine } from './nginx-log.ts';
import type { NginxProcess } from './nginx.ts';
import { nginxKind, startNginx } from './nginx.ts';
import { RunInstances } from './run-instances.ts';

mkdirSync(PLAYGROUND_DIR, { recursive: true });
const root = mkdtempSync(join(PLAYGROUND_DIR, 'test-private-nginx-'));
// As a run's directory is (mkdtemp makes it 0700): searchable, so root's workers can be nobody.
chmodSync(root, 0o755);

let origin: Server;
let originRequests = 0;
let upstream = '';

beforeAll(async () => {
  origin = createServer((req, res) => {
    originRequests++;
    res.writeHead(200, { 'cache-control': 'max-age=60', 'content-type': 'text/plain' });
    res.end(`origin answer ${originRequests} for ${req.url ?? ''}`);
  });
  await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
  upstream = `127.0.0.1:${(origin.address() as AddressInfo).port}`;
});

afterAll(async () => {
  origin.closeAllConnections();
  await new Promise((done) => origin.close(done));
  rmSync(root, { recursive: true, force: true });
});

/** One GET on a connection of its own, so an answer always comes from the current workers. */
function get(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 3_000,
): Promise<{ status: number; cache: string | undefined; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const cache = res.headers['x-cache-status'];
        done({
          status: res.statusCode ?? 0,
          cache: typeof cache === 'string' ? cache : undefined,
          body,
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', fail);
    req.end();
  });
}

/** Starts one for the test; however the test ends, it is killed (workers too) and removed. */
async function withNginx(
  runId: string,
  settings: NginxSettings,
  test: (nginx: NginxProcess) => Promise<void>,
): Promise<void> {
  const run = new RunInstances(runId, root);
  let nginx: NginxProcess | undefined;
  try {
    nginx = await startNginx(run, settings);
    await test(nginx);
  } finally {
    await nginx?.kill();
    await run.closeAll();
  }
}

function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Uid:'));
  return Number(line?.split(/\s+/)[1]);
}

/** The access log once it has `count` lines, or as it stands after 2 s. */
async function logLines(nginx: NginxProcess, count: number): Promise<NginxLogLine[]> {
  const deadline = performance.now() + 2000;
  let lines = nginx.accessLog();
  while (lines.length < count && performance.now() < deadline) {
    await sleep(20);
    lines = nginx.accessLog();
  }
  return lines;
}

describe.skipIf(findBinary('nginx') === undefined)('private nginx', () => {
  it('caches (MISS, then HIT), says so in a header and its log, and writes only in its directory', async () => {
    await withNginx('t-nginx', { upstream, validSec: { '200': 60 } }, async (nginx) => {
      expect(
        isOurs(
          nginx.pid,
          nginxKind({ settings: { upstream }, generation: 1 }).markers(nginx.proc.place),
        ),
      ).toBe(true);
      const before = originRequests;
      const first = await get(`${nginx.url}/a`);
      const second = await get(`${nginx.url}/a`);
      expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
      expect(second.body).toBe(first.body);
      expect(originRequests - before).toBe(1);

      // nginx logs a request after it has answered it: the second line may trail the answer.
      const log = await logLines(nginx, 2);
      expect(log.map((l) => l.cacheStatus)).toEqual(['MISS', 'HIT']);
      expect(log[0]).toMatchObject({
        uri: '/a',
        status: 200,
        upstreamAddrs: [upstream],
        background: false,
      });
      expect(log[1]?.upstreamAddrs).toEqual([]);
      expect(log[0]?.upstreamResponseTimeMs).toBeGreaterThanOrEqual(0);

      const config = readFileSync(resolve(nginx.dir, 'nginx.conf'), 'utf8');
      expect(config).toContain(`listen 127.0.0.1:${nginx.port};`);
      expect(config).toContain('add_header X-Cache-Status $upstream_cache_status always;');
      for (const path of config.matchAll(
        /^\s*(?:pid|error_log|access_log|\w+_temp_path|proxy_cache_path) (\S+)/gm,
      )) {
        expect(path[1]?.startsWith(nginx.dir), path[0]).toBe(true);
      }
      expect(existsSync(resolve(nginx.dir, 'cache'))).toBe(true);
      expect(Number(readFileSync(resolve(nginx.dir, 'nginx.pid'), 'utf8'))).toBe(nginx.pid);

      // As root the workers drop to nobody, who owns the cache (the config says which, and why),
      // unless nobody cannot reach the directory (a checkout under a 0700 directory, as a CI
      // clone in mktemp's is): then they stay root, and the config says that instead.
      const workers = nginx.workerPids();
      expect(workers.length).toBeGreaterThanOrEqual(1);
      if (process.getuid?.() === 0 && isSearchableByOthers(nginx.dir)) {
        expect(config).toMatch(/^user nobody (nogroup|nobody);$/m);
        for (const pid of workers) expect(uidOf(pid)).not.toBe(0);
        expect(statSync(resolve(nginx.dir, 'cache')).uid).toBe(uidOf(workers[0] ?? 0));
      } else if (process.getuid?.() === 0) {
        expect(config).toContain('nobody cannot reach');
        expect(config).toMatch(/^user root;$/m);
        for (const pid of workers) expect(uidOf(pid)).toBe(0);
      } else {
        for (const pid of workers) expect(uidOf(pid)).toBe(process.getuid?.());
      }
    });
  });

  it('reloads new settings live on the same master, keeping the cache; refuses a config nginx rejects', async () => {
    await withNginx('t-nginx-reload', { upstream, validSec: { '200': 60 } }, async (nginx) => {
      const master = nginx.pid;
      const oldWorkers = nginx.workerPids();
      expect((await get(`${nginx.url}/r`)).cache).toBe('MISS');
      await nginx.reload({ ...nginx.settings, bypassHeader: 'X-Cache-Bypass' });
      expect(nginx.pid).toBe(master);
      expect((await get(`${nginx.url}/r`)).cache).toBe('HIT');
      expect((await get(`${nginx.url}/r`, { 'x-cache-bypass': '1' })).cache).toBe('BYPASS');
      expect(nginx.workerPids().some((pid) => !oldWorkers.includes(pid))).toBe(true);

      await expect(
        nginx.reload({ ...nginx.settings, upstream: 'no-such-host.invalid:80' }),
      ).rejects.toThrow(/refused the new settings/);
      expect(() => nginxConfig({ dir: '/x', port: 1 }, { upstream: 'x; evil' }, 1)).toThrow(
        /host:port/,
      );
      // Still the accepted config: the bypass header still works.
      expect((await get(`${nginx.url}/r`, { 'x-cache-bypass': '1' })).cache).toBe('BYPASS');
    });
  });

  it('kill and pause reach the workers, not just the master; restart serves again', async () => {
    await withNginx('t-nginx-kill', { upstream, validSec: { '200': 60 } }, async (nginx) => {
      expect((await get(`${nginx.url}/k`)).status).toBe(200);

      nginx.pause();
      await expect(get(`${nginx.url}/k`, {}, 300)).rejects.toThrow();
      nginx.resume();
      expect((await get(`${nginx.url}/k`)).cache).toBe('HIT');

      const tree = [nginx.pid, ...nginx.workerPids()];
      expect(tree.length).toBeGreaterThanOrEqual(2);
      await nginx.kill();
      for (const pid of tree) expect(isAlive(pid), `pid ${pid}`).toBe(false);
      await expect(get(`${nginx.url}/k`, {}, 500)).rejects.toThrow();

      await nginx.restart();
      expect(nginx.pid).not.toBe(tree[0]);
      expect((await get(`${nginx.url}/k`)).status).toBe(200);
      const again = [nginx.pid, ...nginx.workerPids()];
      await nginx.stop();
      for (const pid of again) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    });
  });

  it.skipIf(findBinary('setpriv') === undefined)(
    'goes down with its workers when the process that started it is SIGKILLed',
    async () => {
      const script = [
        `import { RunInstances } from ${JSON.stringify(resolve(REPO_ROOT, 'infrastructure/launcher/private/run-instances.ts'))};`,
        `import { startNginx } from ${JSON.stringify(resolve(REPO_ROOT, 'infrastructure/launcher/private/nginx.ts'))};`,
        `const nginx = await startNginx(new RunInstances('t-nginx-orphan', ${JSON.stringify(root)}), { upstream: ${JSON.stringify(upstream)} });`,
        'console.log(JSON.stringify([nginx.pid, ...nginx.workerPids()]));',
        'setInterval(() => undefined, 1000);',
      ].join('\n');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const pids = await new Promise<number[]>((done, fail) => {
        child.stdout.once('data', (chunk: Buffer) =>
          done(JSON.parse(chunk.toString()) as number[]),
        );
        child.once('exit', (code) => fail(new Error(`the starter exited with ${code}`)));
      });
      expect(pids.length).toBeGreaterThanOrEqual(2);
      child.kill('SIGKILL');
      for (const pid of pids) expect(await waitForExit(pid, 5_000), `pid ${pid}`).toBe(true);
    },
    20_000,
  );
});
