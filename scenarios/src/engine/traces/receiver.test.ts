// The run's OTLP receiver: OTLP JSON in, spans grouped into traces (bounded), each body
// forwarded unchanged to a second receiver standing in for Jaeger or a collector.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../sdk/index.ts';
import { TraceReceiver } from './receiver.ts';
import { TraceStore } from './trace-store.ts';
import { parseOtlpJson } from './otlp-json.ts';

const ORIGIN = 1_700_000_000_000;
const ns = (ms: number): string => String(BigInt(ORIGIN + ms) * 1_000_000n);

interface SpanInput {
  trace: string;
  id: string;
  parent?: string;
  name: string;
  kind: number;
  start: number;
  end: number;
  attributes?: Record<string, string>;
  error?: boolean;
}

function otlp(service: string, instance: string, spans: SpanInput[]): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
            { key: 'service.instance.id', value: { stringValue: instance } },
          ],
        },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans.map((s) => ({
              traceId: s.trace,
              spanId: s.id,
              ...(s.parent ? { parentSpanId: s.parent } : {}),
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: ns(s.start),
              endTimeUnixNano: ns(s.end),
              attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({
                key,
                value: { stringValue: v },
              })),
              status: { code: s.error ? 2 : 0 },
            })),
          },
        ],
      },
    ],
  };
}

const T1 = 'a'.repeat(32);

const orderTrace = [
  otlp('gateway', 'gateway-1', [
    {
      trace: T1,
      id: '01',
      name: 'POST /api/orders',
      kind: 2,
      start: 100,
      end: 160,
      attributes: { 'http.request.method': 'POST' },
    },
  ]),
  otlp('product-service', 'product-service-2', [
    {
      trace: T1,
      id: '02',
      parent: '01',
      name: 'POST /orders',
      kind: 2,
      start: 105,
      end: 150,
      attributes: { 'http.request.method': 'POST' },
    },
    {
      trace: T1,
      id: '03',
      parent: '02',
      name: 'publish <default>',
      kind: 4,
      start: 120,
      end: 125,
      attributes: { 'messaging.system': 'rabbitmq' },
    },
  ]),
  otlp('analytics-service', 'analytics-service-1', [
    {
      trace: T1,
      id: '04',
      parent: '03',
      name: 'process activity',
      kind: 5,
      start: 170,
      end: 171,
      attributes: { 'messaging.system': 'kafka' },
      error: true,
    },
  ]),
];

describe('parseOtlpJson', () => {
  it('reads ids, kinds, times relative to the run, the service and its instance, the transport', () => {
    const spans = orderTrace.flatMap((body) => parseOtlpJson(body, ORIGIN));
    expect(
      spans.map((s) => [s.service, s.instance, s.kind, s.system, s.startMs, s.durationMs]),
    ).toEqual([
      ['gateway', 'gateway-1', 'server', 'http', 100, 60],
      ['product-service', 'product-service-2', 'server', 'http', 105, 45],
      ['product-service', 'product-service-2', 'producer', 'rabbitmq', 120, 5],
      ['analytics-service', 'analytics-service-1', 'consumer', 'kafka', 170, 1],
    ]);
    expect(spans[3]?.status).toBe('error');
    expect(spans[1]?.parentSpanId).toBe('01');
  });
});

describe('TraceStore', () => {
  it('summarises a trace from its root: every service and transport it crossed, its whole span', () => {
    const store = new TraceStore();
    for (const body of orderTrace) store.add(parseOtlpJson(body, ORIGIN));
    const [summary] = store.list();
    expect(summary).toMatchObject({
      traceId: T1,
      root: 'POST /api/orders',
      service: 'gateway',
      startMs: 100,
      durationMs: 71,
      spans: 4,
      error: true,
    });
    expect(summary?.services.sort()).toEqual(['analytics-service', 'gateway', 'product-service']);
    expect(summary?.systems.sort()).toEqual(['http', 'kafka', 'rabbitmq']);
    expect(store.get(T1)?.map((s) => s.spanId)).toEqual(['01', '02', '03', '04']);
    expect(store.received).toBe(4);
  });

  it('keeps the newest traces within its bound, newest first', () => {
    const store = new TraceStore({ maxTraces: 3 });
    for (let i = 0; i < 5; i++) {
      const trace = String(i).repeat(32);
      store.add(
        parseOtlpJson(
          otlp('gateway', 'gateway-1', [
            { trace, id: '01', name: `r${i}`, kind: 2, start: i * 10, end: i * 10 + 1 },
          ]),
          ORIGIN,
        ),
      );
    }
    expect(store.list().map((t) => t.root)).toEqual(['r4', 'r3', 'r2']);
    expect(store.get('0'.repeat(32))).toBeUndefined();
    expect(store.received).toBe(5);
    expect(store.list(1)).toHaveLength(1);
  });
});

describe('TraceReceiver', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('stores what is posted to /v1/traces and forwards each body to the OTLP endpoint', async () => {
    // The second receiver: what Jaeger or an OTel collector would be.
    const forwarded: { path: string; type: string; body: string }[] = [];
    const downstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        forwarded.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => downstream.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise((r) => downstream.close(() => r())));
    const endpoint = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/`;

    const receiver = await TraceReceiver.start({ originEpochMs: ORIGIN, forwardTo: endpoint });
    closers.push(() => receiver.close());
    for (const body of orderTrace) {
      const res = await fetch(receiver.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    }
    expect(receiver.store.list()[0]?.spans).toBe(4);
    expect(await waitFor(() => forwarded.length === 3, { withinMs: 2000 })).toBe(true);
    expect(forwarded.map((f) => f.path)).toEqual(['/v1/traces', '/v1/traces', '/v1/traces']);
    expect(forwarded[0]?.type).toContain('application/json');
    expect(JSON.parse(forwarded[0]?.body ?? '')).toEqual(orderTrace[0]);
    expect(receiver.forwarded).toBe(3);
  });

  it('refuses protobuf and malformed bodies, and counts a forward that fails without failing the export', async () => {
    const receiver = await TraceReceiver.start({
      originEpochMs: ORIGIN,
      forwardTo: 'http://127.0.0.1:9',
    });
    closers.push(() => receiver.close());
    const post = (type: string, body: string): Promise<Response> =>
      fetch(receiver.tracesUrl, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('application/x-protobuf', 'x')).status).toBe(415);
    expect((await post('application/json', '{not json')).status).toBe(400);
    expect((await post('application/json', JSON.stringify(orderTrace[0]))).status).toBe(200);
    expect(await waitFor(() => receiver.forwardFailures === 1, { withinMs: 4000 })).toBe(true);
    expect(receiver.store.received).toBe(1);
  });
});
