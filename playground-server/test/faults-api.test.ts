// The fault panel's API against live runs: links in front of the shared brokers, toxics that
// slow a real round trip, node actions on a private instance, clear 4xx answers, and nothing
// left of a run's links once it ends.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processProxies } from '../../infrastructure/faults/index.ts';
import type { FaultsView } from '@playground/scenarios/sdk';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

/** Milliseconds for a PING to come back through `address` (a link's listen address). */
function pingThrough(address: string): Promise<number> {
  const [host, port] = address.split(':') as [string, string];
  return new Promise((done, fail) => {
    const started = performance.now();
    const socket = connect({ host, port: Number(port) }, () => socket.write('PING\r\n'));
    socket.once('data', () => {
      socket.destroy();
      done(performance.now() - started);
    });
    socket.once('error', fail);
    setTimeout(() => {
      socket.destroy();
      fail(new Error('no PONG within 3 s'));
    }, 3_000);
  });
}

describe('fault panel API', () => {
  let server: Harness;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const start = async (scenario: string, params: Record<string, unknown> = {}) => {
    const started = await server.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { scenario, durationSec: 30, params },
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json<{ id: string }>().id;
    // The links open as the run starts, just after the 201.
    await until(
      'its links',
      () => faults(id),
      (v) => v.links.length > 0,
      5_000,
    );
    return id;
  };
  const faults = async (id: string) =>
    (await server.app.inject({ method: 'GET', url: `/api/runs/${id}/faults` })).json<FaultsView>();
  const post = (url: string, payload?: Record<string, unknown>) =>
    payload === undefined
      ? server.app.inject({ method: 'POST', url })
      : server.app.inject({ method: 'POST', url, payload });

  it('puts a link in front of the run’s Redis; a latency toxic slows a real round trip and is an event and a marker', async () => {
    const id = await start('cache-aside');
    const view = await faults(id);
    const redis = view.links.find((l) => l.name === 'redis');
    expect(redis?.upstream).toBe('127.0.0.1:6379');
    expect(redis?.listen).not.toBe(redis?.upstream);
    const before = await pingThrough(redis!.listen);

    const added = await post(`/api/runs/${id}/faults/toxics`, {
      link: 'redis',
      type: 'latency',
      attributes: { latency: 150 },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json<FaultsView>().links.find((l) => l.name === 'redis')?.toxics).toEqual([
      expect.objectContaining({ name: 'latency_downstream', type: 'latency', toxicity: 1 }),
    ]);
    const slowed = await pingThrough(redis!.listen);
    expect(slowed).toBeGreaterThanOrEqual(150);
    expect(slowed - before).toBeGreaterThan(100);

    const record = (await server.app.inject({ method: 'GET', url: `/api/runs/${id}` })).json<{
      markers: { kind: string; label: string }[];
    }>();
    expect(record.markers).toContainEqual(
      expect.objectContaining({ kind: 'fault', label: expect.stringMatching(/latency 150 ms/) }),
    );

    const removed = await server.app.inject({
      method: 'DELETE',
      url: `/api/runs/${id}/faults/links/redis/toxics/latency_downstream`,
    });
    expect(removed.statusCode).toBe(200);
    expect(await pingThrough(redis!.listen)).toBeLessThan(100);

    // Down closes and refuses; up listens again on the same address.
    expect((await post(`/api/runs/${id}/faults/links/redis`, { enabled: false })).statusCode).toBe(
      200,
    );
    await expect(pingThrough(redis!.listen)).rejects.toThrow();
    expect((await post(`/api/runs/${id}/faults/links/redis`, { enabled: true })).statusCode).toBe(
      200,
    );
    expect(await pingThrough(redis!.listen)).toBeLessThan(1_000);

    await post(`/api/runs/${id}/stop`);
    await server.app.runs.get(id)?.done;
    expect(processProxies.has(`${id}.redis`)).toBe(false);
    expect((await post(`/api/runs/${id}/faults/clear`)).statusCode).toBe(409);
    // Reading an ended run's faults is not an error: there are none left.
    expect(await faults(id)).toEqual({ links: [], nodes: [] });
  }, 20_000);

  it('answers bad toxics, unknown links and nodes with 4xx, never 500', async () => {
    const id = await start('cache-aside');
    const badType = await post(`/api/runs/${id}/faults/toxics`, { link: 'redis', type: 'nope' });
    expect(badType.statusCode).toBe(400);
    const badAttribute = await post(`/api/runs/${id}/faults/toxics`, {
      link: 'redis',
      type: 'latency',
      attributes: { delay: 5 },
    });
    expect(badAttribute.statusCode).toBe(400);
    expect(badAttribute.json<{ message: string }>().message).toMatch(
      /latency has no attribute "delay"/,
    );
    const noLink = await post(`/api/runs/${id}/faults/toxics`, { link: 'kafka', type: 'latency' });
    expect(noLink.statusCode).toBe(404);
    const twice = { link: 'redis', type: 'timeout', attributes: { timeout: 0 } };
    expect((await post(`/api/runs/${id}/faults/toxics`, twice)).statusCode).toBe(201);
    expect((await post(`/api/runs/${id}/faults/toxics`, twice)).statusCode).toBe(409);
    expect((await post(`/api/runs/${id}/faults/nodes/redis-9/kill`)).statusCode).toBe(404);
    expect((await post(`/api/runs/${id}/faults/nodes/redis-9/explode`)).statusCode).toBe(400);
    expect((await post(`/api/runs/nosuchrun/faults/clear`)).statusCode).toBe(404);
    // A black-holed Redis at the end: the links are healed for the final count, the run ends.
    await post(`/api/runs/${id}/stop`);
    const ended = await server.app.runs.get(id)?.done;
    expect(['completed', 'stopped', 'failed']).toContain(ended?.state);
    if (ended?.state === 'failed') expect(ended.error).toBeTruthy();
  }, 25_000);

  it('pauses, resumes and kills a private instance the run started, and refuses what its state rules out', async () => {
    const id = await start('persistence', { killAtSec: 25 });
    const view = await until(
      'the private Redis',
      () => faults(id),
      (v) => v.nodes.length > 0,
      10_000,
    );
    expect(view.nodes[0]).toMatchObject({ name: 'redis-1', state: 'running' });
    const pid = view.nodes[0]!.pid;
    const paused = await post(`/api/runs/${id}/faults/nodes/redis-1/pause`);
    expect(paused.json<FaultsView>().nodes[0]?.state).toBe('paused');
    // SIGSTOP: the kernel reports it stopped ('T').
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]).toBe('T');
    expect((await post(`/api/runs/${id}/faults/nodes/redis-1/pause`)).statusCode).toBe(409);
    expect((await post(`/api/runs/${id}/faults/nodes/redis-1/resume`)).statusCode).toBe(200);
    expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]).not.toBe('T');
    const killed = await post(`/api/runs/${id}/faults/nodes/redis-1/kill`);
    expect(killed.json<FaultsView>().nodes[0]?.state).toBe('killed');
    await until(
      'the pid gone',
      () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2],
      (s) => s === 'Z' || s === 'X',
      5_000,
    ).catch(() => undefined);
    await post(`/api/runs/${id}/stop`);
    const ended = await server.app.runs.get(id)?.done;
    expect(ended?.state).toBeDefined();
  }, 30_000);
});
