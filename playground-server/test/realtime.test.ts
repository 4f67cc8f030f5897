import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { watchBackpressure } from '../src/plugins/socket-backpressure.ts';
import type { WatchedSocket } from '../src/plugins/socket-backpressure.ts';
import { startServer, until } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

describe('Socket.IO stream', () => {
  let server: Harness;
  let socket: Socket;
  beforeAll(async () => {
    server = await startServer();
    socket = io(server.url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket.disconnect();
    await server.close();
  });

  it('announces runs, streams frames and events to the run room, and the end state', async () => {
    const changes: { runId: string; state: string }[] = [];
    socket.on('runs:changed', (c: { runId: string; state: string }) => changes.push(c));
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'rate-limiting', durationSec: 3 }),
    });
    const { id } = (await res.json()) as { id: string };
    await until(
      'runs:changed running',
      () => changes,
      (c) => c.some((x) => x.runId === id && x.state === 'running'),
      3000,
    );

    // Join late: history first, then live frames.
    await new Promise((r) => setTimeout(r, 1000));
    const frames: { runId: string; t: number; values: Record<string, number> }[] = [];
    const states: { state: string }[] = [];
    let history: { frames: unknown[] } | undefined;
    socket.on('run:history', (h: { frames: unknown[] }) => {
      history = h;
    });
    socket.on('run:frame', (f: { runId: string; t: number; values: Record<string, number> }) =>
      frames.push(f),
    );
    socket.on('run:state', (s: { state: string }) => states.push(s));
    const ack = await socket.emitWithAck('run:join', { runId: id });
    expect(ack).toEqual({ ok: true });
    expect(history?.frames.length).toBeGreaterThanOrEqual(2);

    await until(
      'the run to end',
      () => states,
      (s) => s.some((x) => x.state !== 'running'),
      15_000,
    );
    expect(frames.length).toBeGreaterThanOrEqual(4);
    expect(frames.every((f) => f.runId === id)).toBe(true);
    // A steady tick: 250 ms apart, give or take the timer's jitter.
    const gaps = frames.slice(1).map((f, i) => f.t - frames[i]!.t);
    expect(Math.max(...gaps)).toBeLessThan(600);
    expect(frames.at(-1)!.values).toHaveProperty('allowed.fixed-window');
    await until(
      'runs:changed ended',
      () => changes,
      (c) => c.some((x) => x.runId === id && x.state === 'completed'),
      3000,
    );
  });

  it('refuses to join a run that does not exist', async () => {
    expect(await socket.emitWithAck('run:join', { runId: 'zzzzzzzz' })).toMatchObject({
      ok: false,
    });
    expect(await socket.emitWithAck('run:join', { runId: 42 })).toMatchObject({ ok: false });
  });

  it('joins a socket to a run once: a repeated join is answered but resends nothing', async () => {
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'rate-limiting', durationSec: 1 }),
    });
    const { id } = (await res.json()) as { id: string };
    const viewer = io(server.url, { transports: ['websocket'], reconnection: false });
    try {
      let histories = 0;
      viewer.on('run:history', (h: { runId: string }) => {
        if (h.runId === id) histories++;
      });
      for (let i = 0; i < 20; i++) {
        expect(await viewer.emitWithAck('run:join', { runId: id })).toEqual({ ok: true });
      }
      expect(histories).toBe(1);
      // Leaving and coming back is a new join: the history comes again.
      await viewer.emitWithAck('run:leave', { runId: id });
      await viewer.emitWithAck('run:join', { runId: id });
      expect(histories).toBe(2);
    } finally {
      viewer.disconnect();
      await fetch(`${server.url}/api/runs/${id}/stop`, { method: 'POST' });
    }
  });

  it('drops a viewer that stops reading and keeps asking for the history', async () => {
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'rate-limiting', durationSec: 1 }),
    });
    const { id } = (await res.json()) as { id: string };
    await server.app.runs.get(id)!.done;
    const viewers = () => server.app.io.of('/').sockets.size;
    const before = viewers();
    const viewer = io(server.url, { transports: ['websocket'], reconnection: false });
    await new Promise((resolve) => viewer.once('connect', () => resolve(undefined)));
    expect(viewers()).toBe(before + 1);
    // Stop reading: what the server sends this viewer piles up on the server's side.
    const transport = viewer.io.engine.transport as unknown as {
      ws: { _socket: { pause(): void } };
    };
    transport.ws._socket.pause();
    try {
      // Leave and join: each join sends the whole history again.
      for (let i = 0; i < 20_000 && viewers() > before; i++) {
        viewer.emit('run:leave', { runId: id });
        viewer.emit('run:join', { runId: id });
        if (i % 100 === 0) await new Promise((r) => setTimeout(r, 10));
      }
      await until('the server to drop the viewer', viewers, (n) => n === before, 5000);
    } finally {
      viewer.disconnect();
    }
  });
});

describe('a viewer that stops reading', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const fake = (id: string, packets: number, bytes: number, packetSize = 1) => {
    const socket = {
      id,
      conn: {
        writeBuffer: Array.from({ length: packets }, () => ({ data: 'x'.repeat(packetSize) })),
        transport: { socket: { bufferedAmount: bytes } },
      },
      disconnected: false,
      disconnect(): void {
        socket.disconnected = true;
      },
    };
    return socket;
  };

  it('is disconnected once its queue stays over the bound; a brief burst is forgiven', () => {
    vi.useFakeTimers();
    const stuck = fake('stuck', 10, 0);
    const bytes = fake('bytes', 0, 5_000);
    // One history that will not leave: a single packet, but far over the byte bound.
    const history = fake('history', 1, 0, 5_000);
    const burst = fake('burst', 10, 0);
    const reading = fake('reading', 1, 100);
    const sockets: WatchedSocket[] = [stuck, bytes, history, burst, reading];
    const stop = watchBackpressure(() => sockets, {
      bound: { packets: 5, bytes: 1000 },
      intervalMs: 100,
      strikes: 3,
    });
    try {
      vi.advanceTimersByTime(200);
      burst.conn.writeBuffer = [];
      vi.advanceTimersByTime(200);
      expect(stuck.disconnected).toBe(true);
      expect(bytes.disconnected).toBe(true);
      expect(history.disconnected).toBe(true);
      expect(burst.disconnected).toBe(false);
      expect(reading.disconnected).toBe(false);
    } finally {
      stop();
    }
  });
});
