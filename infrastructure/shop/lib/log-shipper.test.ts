import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../scenarios/src/sdk/index.ts';
import { LogShipper, shipRequests } from './log-shipper.ts';
import type { ShippedRecord } from './log-shipper.ts';

function memory(): { records: ShippedRecord[]; shipper: LogShipper } {
  const records: ShippedRecord[] = [];
  const shipper = new LogShipper({
    sink: async (batch) => void records.push(...batch),
    flushMs: 5,
  });
  return { records, shipper };
}

async function app(shipper: LogShipper) {
  const server = Fastify();
  shipRequests(server, { service: 'product-service', instance: 'product-service-2', shipper });
  server.get('/health', async () => ({ ok: true }));
  server.get('/products/:id', async () => ({ id: 'p1' }));
  server.get('/boom', async () => {
    throw new Error('catalog unavailable');
  });
  server.get('/slow-fail', async (_request, reply) => reply.code(503).send({ error: 'injected' }));
  await server.ready();
  return server;
}

describe('log shipping', () => {
  it('ships one record per answered request, with its route, status, duration and trace', async () => {
    const { records, shipper } = memory();
    const server = await app(shipper);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await server.inject({
      url: '/products/p1',
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    });
    await server.inject({ url: '/products/p2' });
    await server.inject({ url: '/nowhere' });
    await server.inject({ url: '/health' });
    expect(await waitFor(() => records.length === 3, { withinMs: 1000 })).toBe(true);
    const [first, second, missing] = records;
    expect(first).toMatchObject({
      kind: 'request',
      service: 'product-service',
      instance: 'product-service-2',
      method: 'GET',
      route: '/products/:id',
      status: 200,
      traceId,
    });
    expect(first?.kind === 'request' && first.durationMs).toBeGreaterThan(0);
    expect(second).not.toHaveProperty('traceId');
    expect(missing).toMatchObject({ route: '(unmatched)', status: 404 });
    expect(shipper.shipped).toBe(3);
    await server.close();
  });

  it('adds one error log per 5xx answer, with the thrown error when there is one', async () => {
    const { records, shipper } = memory();
    const server = await app(shipper);
    await server.inject({ url: '/boom' });
    await server.inject({ url: '/slow-fail' });
    expect(await waitFor(() => records.length === 4, { withinMs: 1000 })).toBe(true);
    const logs = records.filter((r) => r.kind === 'log');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'error',
        route: '/boom',
        status: 500,
        msg: 'catalog unavailable',
      }),
      expect.objectContaining({
        route: '/slow-fail',
        status: 503,
        msg: 'GET /slow-fail answered 503',
      }),
    ]);
    await server.close();
  });

  it('keeps what a failed send held, in order, and sends it again', async () => {
    const received: number[] = [];
    let calls = 0;
    const errors: unknown[] = [];
    const shipper = new LogShipper({
      flushMs: 5,
      onError: (e) => errors.push(e),
      sink: async (batch) => {
        if (++calls === 1) throw new Error('broker unavailable');
        received.push(...batch.map((r) => r.t));
      },
    });
    for (let t = 1; t <= 5; t++) shipper.ship(record(t));
    expect(shipper.pending).toBe(5);
    expect(await waitFor(() => shipper.pending === 0, { withinMs: 2000 })).toBe(true);
    expect(received).toEqual([1, 2, 3, 4, 5]);
    expect(errors).toHaveLength(1);
    expect(shipper.failedSends).toBe(1);
  });

  it('drops the oldest beyond its bound, and counts them', async () => {
    const received: number[] = [];
    const shipper = new LogShipper({
      flushMs: 1000,
      maxQueued: 3,
      sink: async (batch) => void received.push(...batch.map((r) => r.t)),
    });
    for (let t = 1; t <= 5; t++) shipper.ship(record(t));
    await shipper.close();
    expect(received).toEqual([3, 4, 5]);
    expect(shipper.dropped).toBe(2);
  });
});

function record(t: number): ShippedRecord {
  return {
    kind: 'request',
    service: 's',
    instance: 's-1',
    method: 'GET',
    route: '/',
    status: 200,
    durationMs: 1,
    t,
  };
}
