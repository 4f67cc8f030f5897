// Stopping the server with a browser still connected: without the plugin, Node holds the close
// for headersTimeout (60 s) over a preconnected socket, or keepAliveTimeout over a request that
// was under way; with it, the close is prompt and that request still gets its answer.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import shutdownConnections from '../src/plugins/shutdown-connections.ts';

const opened: Socket[] = [];

async function listening(withPlugin: boolean): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({ logger: false });
  if (withPlugin) await app.register(shutdownConnections);
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** A TCP connection that never sends a byte, as a preconnect is; resolves once the server has it. */
async function preconnect(app: FastifyInstance, port: number): Promise<Socket> {
  const accepted = new Promise((resolve) => app.server.once('connection', resolve));
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  opened.push(socket);
  await accepted;
  return socket;
}

/** How long close() takes, or undefined if it has not finished within `ms`. */
async function closeWithin(app: FastifyInstance, ms: number): Promise<number | undefined> {
  const start = performance.now();
  return Promise.race([
    app.close().then(() => performance.now() - start),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref()),
  ]);
}

describe('connections at shutdown', () => {
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.destroy();
  });

  it('without the plugin, a connection that sent nothing holds the close (the Node behaviour it works around)', async () => {
    const { app, port } = await listening(false);
    await preconnect(app, port);
    expect(await closeWithin(app, 1000)).toBeUndefined();
    app.server.closeAllConnections();
  });

  it('with it, the close is prompt and the preconnected socket is closed', async () => {
    const { app, port } = await listening(true);
    const socket = await preconnect(app, port);
    const ended = new Promise((resolve) => socket.once('close', resolve));
    expect(await closeWithin(app, 1000)).toBeLessThan(1000);
    await ended;
  });

  it('without the plugin, a request under way at the close leaves its connection open after', async () => {
    const { app, port } = await listening(false);
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    await new Promise((resolve) => app.server.once('request', resolve));
    const closed = closeWithin(app, 1500);
    expect((await answer).status).toBe(200);
    expect(await closed).toBeUndefined();
    app.server.closeAllConnections();
  });

  it('with it, a request under way at the close still gets its answer, then the close ends', async () => {
    const { app, port } = await listening(true);
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    await new Promise((resolve) => app.server.once('request', resolve));
    const closed = closeWithin(app, 2000);
    const response = await answer;
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ ok: true });
    expect(await closed).toBeLessThan(2000);
  });
});
