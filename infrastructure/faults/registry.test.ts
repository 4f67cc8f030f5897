// Down and up, and the registry's answers in Toxiproxy's terms (404, 409, 400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyRegistry } from './registry.ts';
import { ToxicError } from './toxics.ts';
import { TestClient, echoServer } from './test-helpers.ts';
import type { TestServer } from './test-helpers.ts';

let echo: TestServer;
const registry = new ProxyRegistry();

beforeAll(async () => {
  echo = await echoServer();
});
afterAll(async () => {
  await registry.closeAll();
  await echo.close();
});

/** The ToxicError status a call fails with. */
async function statusOf(call: () => unknown): Promise<number | undefined> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ToxicError) return error.status;
    throw error;
  }
  return undefined;
}

describe('down and up', () => {
  it('down closes the connections and refuses new ones; up listens on the same port', async () => {
    const proxy = await registry.create({ name: 'flap', upstream: echo.address });
    const port = proxy.port;
    const before = await TestClient.connect(port);
    await before.roundTrip('hello');

    await proxy.setEnabled(false);
    await before.untilClosed(1000);
    expect(proxy.enabled).toBe(false);
    expect(proxy.stats.open).toBe(0);
    await expect(TestClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await proxy.setEnabled(true);
    expect(proxy.port).toBe(port);
    const after = await TestClient.connect(port);
    expect(await after.roundTrip('again')).toBeLessThan(100);
    after.close();
  });

  it('two switches at once end in the last one asked', async () => {
    const proxy = await registry.create({ name: 'race', upstream: echo.address });
    await Promise.all([proxy.setEnabled(false), proxy.setEnabled(true), proxy.setEnabled(false)]);
    expect(proxy.enabled).toBe(false);
    await Promise.all([proxy.setEnabled(true), proxy.setEnabled(true)]);
    expect(proxy.enabled).toBe(true);
  });
});

describe('the registry', () => {
  it('answers 404 for an unknown proxy or toxic, 409 for a name taken', async () => {
    expect(await statusOf(() => registry.get('nope'))).toBe(404);
    const proxy = await registry.create({ name: 'named', upstream: echo.address });
    expect(await statusOf(() => registry.create({ name: 'named', upstream: echo.address }))).toBe(
      409,
    );
    expect(await statusOf(() => proxy.toxic('nope'))).toBe(404);
    expect(await statusOf(() => proxy.removeToxic('nope'))).toBe(404);
    proxy.addToxic({ type: 'latency', attributes: { latency: 10 } });
    expect(await statusOf(() => proxy.addToxic({ type: 'latency' }))).toBe(409);
    expect(proxy.toxic('latency_downstream').attributes).toEqual({ latency: 10, jitter: 0 });
  });

  it('answers 400 for bad toxics and addresses, 409 for a port in use', async () => {
    const proxy = await registry.create({ name: 'strict', upstream: echo.address });
    expect(await statusOf(() => proxy.addToxic({ type: 'lag' }))).toBe(400);
    expect(await statusOf(() => proxy.addToxic({ type: 'latency', stream: 'sideways' }))).toBe(400);
    expect(await statusOf(() => proxy.addToxic({ type: 'latency', toxicity: 2 }))).toBe(400);
    expect(
      await statusOf(() => proxy.addToxic({ type: 'latency', attributes: { delay: 5 } })),
    ).toBe(400);
    expect(
      await statusOf(() => proxy.addToxic({ type: 'latency', attributes: { latency: -1 } })),
    ).toBe(400);
    expect(await statusOf(() => registry.create({ name: 'x', upstream: 'nowhere' }))).toBe(400);
    expect(await statusOf(() => registry.create({ name: 'y', upstream: '127.0.0.1:0' }))).toBe(400);
    expect(
      await statusOf(() =>
        registry.create({ name: 'z', listen: proxy.listen, upstream: echo.address }),
      ),
    ).toBe(409);
    expect(registry.has('z')).toBe(false);
  });

  it('populates: creates, keeps a match as it is, replaces one that differs', async () => {
    const kept = await registry.create({ name: 'keep', upstream: echo.address });
    kept.addToxic({ type: 'latency', attributes: { latency: 5 } });
    const replaced = await registry.create({ name: 'swap', upstream: echo.address });
    const result = await registry.populate([
      { name: 'keep', upstream: echo.address },
      { name: 'swap', upstream: '127.0.0.1:1' },
      { name: 'new', upstream: echo.address },
    ]);
    expect(result.map((p) => p.name)).toEqual(['keep', 'swap', 'new']);
    expect(registry.get('keep')).toBe(kept);
    expect(kept.toxics).toHaveLength(1);
    expect(registry.get('swap')).not.toBe(replaced);
    expect(registry.get('swap').upstream).toBe('127.0.0.1:1');
    expect(replaced.enabled).toBe(false);
    expect(
      await statusOf(() =>
        registry.populate([
          { name: 'fine', upstream: echo.address },
          { name: 'bad', upstream: 'no-port' },
        ]),
      ),
    ).toBe(400);
    expect(registry.has('fine')).toBe(false);
  });

  it('moves a proxy to a new port, and back where it was when the new one is taken', async () => {
    const proxy = await registry.create({ name: 'mover', upstream: echo.address });
    const taken = await registry.create({ name: 'taken', upstream: echo.address });
    const from = proxy.listen;
    expect(await statusOf(() => proxy.reconfigure({ listen: taken.listen }))).toBe(409);
    expect(proxy.listen).toBe(from);
    expect(proxy.enabled).toBe(true);
    await proxy.reconfigure({ listen: '127.0.0.1:0' });
    expect(proxy.listen).toBe(from);
    const other = await registry.create({ name: 'spare', upstream: echo.address });
    const spare = other.listen;
    await registry.delete('spare');
    await proxy.reconfigure({ listen: spare });
    expect(proxy.listen).toBe(spare);
    const c = await TestClient.connect(proxy.port);
    expect(await c.roundTrip('moved')).toBeLessThan(100);
    c.close();
  });

  it('resets: every toxic removed, every proxy enabled', async () => {
    const proxy = await registry.create({ name: 'reset-me', upstream: echo.address });
    proxy.addToxic({ type: 'timeout' });
    await proxy.setEnabled(false);
    await registry.reset();
    expect(proxy.toxics).toHaveLength(0);
    expect(proxy.enabled).toBe(true);
  });
});
