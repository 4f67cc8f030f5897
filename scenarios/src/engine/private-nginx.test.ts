import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { privateRunDir } from '../../../infrastructure/launcher/private/index.ts';
import { isAlive } from '../../../infrastructure/launcher/process.ts';
import { defineScenario } from '../sdk/index.ts';
import { waitFor } from '../sdk/poll.ts';
import { missingRequirements } from './private-instances.ts';
import { addressesFromEnv } from './addresses.ts';
import { Run } from './run.ts';

const seen: { pids: number[]; runId: string }[] = [];

async function status(url: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return `${res.status} ${res.headers.get('x-cache-status') ?? '-'}`;
  } catch {
    return 'no answer';
  }
}

const usesPrivateNginx = defineScenario({
  id: 'private-nginx-test',
  title: 'Private nginx test',
  summary: 'Starts a private nginx, reloads it, kills and restarts it through its fault node.',
  brokers: [],
  requires: ['nginx'],
  tags: ['test'],
  level: 'beginner',
  params: Type.Object({}, { additionalProperties: false }),
  charts: [],
  metrics: [],
  lesson: '# test',
  topology: () => ({ nodes: [], edges: [] }),
  async run(ctx) {
    const origin = createServer((_req, res) => {
      res.writeHead(200, { 'cache-control': 'max-age=60' });
      res.end('ok');
    });
    await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
    try {
      const upstream = `127.0.0.1:${(origin.address() as AddressInfo).port}`;
      const nginx = await ctx.privateNginx({ upstream });
      const url = `${nginx.url}/x`;
      ctx.fact('name', nginx.name);
      ctx.fact('first', await status(url));
      await nginx.reload({ bypassHeader: 'X-Skip' });
      ctx.fact('upstreamKept', nginx.settings.upstream === upstream);
      const tree = [nginx.pid, ...nginx.workerPids()];
      seen.push({ pids: tree, runId: ctx.runId });
      // The fault node is the whole tree: a kill from the panel leaves no worker answering.
      await ctx.faults.act(nginx.name, 'kill');
      ctx.fact(
        'treeGone',
        tree.every((pid) => !isAlive(pid)),
      );
      ctx.fact('killed', await status(url));
      await ctx.faults.act(nginx.name, 'restart');
      ctx.fact('restarted', await status(url));
      // nginx logs a request in its log phase, after the answer has gone: the line can trail it.
      await waitFor(() => nginx.accessLog().length >= 2, { withinMs: 2_000, everyMs: 20 });
      ctx.fact(
        'log',
        nginx
          .accessLog()
          .map((l) => l.cacheStatus)
          .join(','),
      );
      seen.push({ pids: [nginx.pid, ...nginx.workerPids()], runId: ctx.runId });
    } finally {
      origin.closeAllConnections();
      await new Promise((done) => origin.close(done));
    }
  },
  checks: [],
});

describe('a run with a private nginx', () => {
  it('finds nginx installed', () => {
    expect(missingRequirements(['nginx'])).toEqual([]);
  });

  it('is a fault node killed and restarted as a whole, and gone with its directory after the run', async () => {
    const run = await new Run(usesPrivateNginx, {
      params: {},
      durationSec: 0.5,
      addresses: addressesFromEnv(),
    }).done;
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('completed');
    expect(run.facts).toMatchObject({
      name: 'nginx-1',
      first: '200 MISS',
      upstreamKept: true,
      treeGone: true,
      killed: 'no answer',
      // The cache directory survived the kill; the restarted nginx's cache loader read it back.
      restarted: '200 HIT',
      log: 'MISS,HIT',
    });
    for (const { pids, runId } of seen) {
      for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
      expect(existsSync(privateRunDir(runId))).toBe(false);
    }
  }, 30_000);
});
