// The toxics, measured through a real proxy in front of a loopback echo server.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from './proxy.ts';
import { sliceSizes } from './stages.ts';
import { TestClient, echoServer, hangUpServer } from './test-helpers.ts';
import type { TestServer } from './test-helpers.ts';

let echo: TestServer;
let proxy: FaultProxy;
const clients: TestClient[] = [];

async function client(port = proxy.port): Promise<TestClient> {
  const opened = await TestClient.connect(port);
  clients.push(opened);
  return opened;
}

beforeAll(async () => {
  echo = await echoServer();
});
afterAll(async () => {
  await echo.close();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await proxy?.close();
});

async function freshProxy(): Promise<FaultProxy> {
  proxy = await FaultProxy.create({ name: 'test', upstream: echo.address });
  return proxy;
}

describe('the fault proxy without toxics', () => {
  it('passes bytes through unchanged, both ways, and counts them', async () => {
    await freshProxy();
    const c = await client();
    const payload = randomBytes(1_000_000);
    await c.roundTrip(payload);
    expect(c.data.equals(payload)).toBe(true);
    expect(proxy.stats).toMatchObject({
      accepted: 1,
      open: 1,
      bytesUpstream: payload.length,
      bytesDownstream: payload.length,
    });
  });
});

describe('an upstream that is not there', () => {
  it('closes the client connection, as Toxiproxy does', async () => {
    const gone = await echoServer();
    await gone.close();
    proxy = await FaultProxy.create({ name: 'test', upstream: gone.address });
    const c = await client();
    await c.untilClosed(1000);
    expect(c.received).toBe(0);
    expect(proxy.stats.open).toBe(0);
  });
});

describe('latency', () => {
  it('delays every chunk by at least the latency, each direction on its own', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 120 } });
    proxy.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 60 } });
    const c = await client();
    const times = [await c.roundTrip('a'), await c.roundTrip('b'), await c.roundTrip('c')];
    for (const ms of times) {
      expect(ms).toBeGreaterThanOrEqual(180);
      expect(ms).toBeLessThan(400);
    }
  });

  it('spreads delays by the jitter and keeps the bytes in order', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'latency', attributes: { latency: 60, jitter: 50 } });
    const c = await client();
    const times: number[] = [];
    for (let i = 0; i < 15; i++) times.push(await c.roundTrip(`${i}`));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...times)).toBeLessThan(250);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(30);

    // Many chunks in flight at once, each with its own delay: none overtakes another.
    const before = c.received;
    const sent = Array.from({ length: 40 }, (_, i) => `<${i}>`);
    for (const part of sent) {
      c.socket.write(part);
      await new Promise((r) => setTimeout(r, 2));
    }
    const total = sent.join('');
    await c.until('every chunk', () => c.received >= before + total.length);
    expect(c.data.subarray(before).toString()).toBe(total);
  });
});

describe('bandwidth', () => {
  it('paces the bytes to the rate in KB/s', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'bandwidth', attributes: { rate: 200 } });
    const c = await client();
    const payload = randomBytes(200_000);
    // 200 000 bytes at 200 KB/s: one second.
    const ms = await c.roundTrip(payload, 3000);
    expect(ms).toBeGreaterThan(750);
    expect(ms).toBeLessThan(1250);
    expect(c.data.equals(payload)).toBe(true);
  });
});

describe('timeout', () => {
  it('black-holes the data and closes the connection after the timeout', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'timeout', stream: 'upstream', attributes: { timeout: 300 } });
    const c = await client();
    c.socket.write('into the void');
    await c.untilClosed();
    const after = (c.closedAt ?? 0) - c.openedAt;
    expect(after).toBeGreaterThanOrEqual(280);
    expect(after).toBeLessThan(800);
    expect(c.received).toBe(0);
    expect(echo.sockets.at(-1)?.bytesRead).toBe(0);
  });

  it('with timeout 0 holds the connection open until removed, then closes it', async () => {
    await freshProxy();
    proxy.addToxic({ name: 'hole', type: 'timeout', attributes: { timeout: 0 } });
    const c = await client();
    c.socket.write('ping');
    await expect(c.until('an echo', () => c.received > 0, 400)).rejects.toThrow(/timed out/);
    expect(c.closedAt).toBeUndefined();
    proxy.removeToxic('hole');
    await c.untilClosed(500);
    expect(c.received).toBe(0);
  });
});

describe('reset_peer', () => {
  it('resets the client connection after the timeout (ECONNRESET)', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'reset_peer', attributes: { timeout: 150 } });
    const c = await client();
    await c.roundTrip('still fine');
    await c.untilClosed();
    expect(c.error?.code).toBe('ECONNRESET');
    expect((c.closedAt ?? 0) - c.openedAt).toBeGreaterThanOrEqual(140);
  });
});

describe('limit_data', () => {
  it('lets exactly that many bytes through, then closes', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'limit_data', attributes: { bytes: 1000 } });
    const c = await client();
    const payload = randomBytes(5000);
    c.socket.write(payload);
    await c.untilClosed();
    expect(c.received).toBe(1000);
    expect(c.data.equals(payload.subarray(0, 1000))).toBe(true);
  });
});

describe('slow_close', () => {
  it('delays the close the server sent by the delay', async () => {
    const hangUp = await hangUpServer('bye');
    try {
      proxy = await FaultProxy.create({ name: 'test', upstream: hangUp.address });
      const quick = await client();
      await quick.untilClosed();
      expect((quick.closedAt ?? 0) - quick.openedAt).toBeLessThan(300);

      proxy.addToxic({ type: 'slow_close', attributes: { delay: 400 } });
      const slow = await client();
      await slow.until('the greeting', () => slow.received === 3);
      await slow.untilClosed();
      expect((slow.closedAt ?? 0) - slow.openedAt).toBeGreaterThanOrEqual(390);
      expect(slow.data.toString()).toBe('bye');
    } finally {
      await proxy.close();
      await hangUp.close();
    }
  });
});

describe('slicer', () => {
  it('cuts chunks into pieces around the average size', () => {
    const sizes = sliceSizes(10_000, 100, 20);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(120);
    expect(sizes.length).toBeGreaterThan(60);
  });

  it('delivers the bytes in small pieces, spaced by the delay', async () => {
    await freshProxy();
    proxy.addToxic({
      type: 'slicer',
      attributes: { average_size: 100, size_variation: 20, delay: 5000 },
    });
    const c = await client();
    const payload = randomBytes(2000);
    const ms = await c.roundTrip(payload);
    expect(c.data.equals(payload)).toBe(true);
    // About 20 pieces 5 ms apart; the client reads most of them one by one.
    expect(c.chunks.length).toBeGreaterThanOrEqual(8);
    expect(ms).toBeGreaterThanOrEqual(70);
  });
});

describe('toxics on live connections', () => {
  it('apply to an open connection from its next chunk, and let go when removed', async () => {
    await freshProxy();
    const c = await client();
    expect(await c.roundTrip('x')).toBeLessThan(100);
    proxy.addToxic({ name: 'slow', type: 'latency', attributes: { latency: 150 } });
    expect(await c.roundTrip('y')).toBeGreaterThanOrEqual(150);
    proxy.updateToxic('slow', { attributes: { latency: 300 } });
    expect(await c.roundTrip('z')).toBeGreaterThanOrEqual(300);

    // A chunk held by a toxic is released the moment the toxic is removed.
    proxy.updateToxic('slow', { attributes: { latency: 5000 } });
    const held = c.roundTrip('w', 3000);
    await new Promise((r) => setTimeout(r, 100));
    proxy.removeToxic('slow');
    expect(await held).toBeLessThan(1000);
    expect(await c.roundTrip('v')).toBeLessThan(100);
  });

  it('decide toxicity per connection: 0 never applies, 0.5 splits the connections', async () => {
    await freshProxy();
    proxy.addToxic({ name: 'never', type: 'latency', toxicity: 0, attributes: { latency: 300 } });
    const never = await Promise.all(Array.from({ length: 5 }, () => client()));
    // Fast is well under the 300 ms latency even with 20 connections on a busy machine.
    for (const ms of await Promise.all(never.map((c) => c.roundTrip('n')))) {
      expect(ms).toBeLessThan(250);
    }
    proxy.removeToxic('never');
    proxy.addToxic({ type: 'latency', toxicity: 0.5, attributes: { latency: 300 } });
    const some = await Promise.all(Array.from({ length: 20 }, () => client()));
    const times = await Promise.all(some.map((c) => c.roundTrip('s')));
    const slowed = times.filter((ms) => ms >= 300).length;
    expect(slowed).toBeGreaterThan(0);
    expect(slowed).toBeLessThan(20);
    expect(times.filter((ms) => ms < 250).length).toBe(20 - slowed);
    // The roll holds for the connection's life: each answers as it did the first time.
    const again = await Promise.all(some.map((c) => c.roundTrip('t')));
    expect(again.map((ms) => ms >= 300)).toEqual(times.map((ms) => ms >= 300));
  });
});

describe('backpressure', () => {
  it('stops reading from the client while a toxic holds the bytes', async () => {
    await freshProxy();
    proxy.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 1000 } });
    const c = await client();
    const payload = randomBytes(16 * 1024 * 1024);
    c.socket.write(payload);
    await c.until('the client to buffer', () => c.socket.writableLength > 1024 * 1024);
    await new Promise((r) => setTimeout(r, 300));
    // Nothing has been delivered yet, so whatever the proxy read is held in its memory.
    expect(echo.sockets.at(-1)?.bytesRead ?? 0).toBe(0);
    expect(proxy.stats.bytesUpstream).toBeLessThan(512 * 1024);
    expect(c.socket.writableLength).toBeGreaterThan(8 * 1024 * 1024);
  });
});
